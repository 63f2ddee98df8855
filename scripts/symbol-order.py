"""Prints the symbol ordering file for lld from callgrind outputs (see scripts/symbol-order.sh).

Usage: symbol-order.py PROGRAM CALLGRIND_OUT...

Keeps the functions of PROGRAM (not those of libc or the loader) that ran in any of the outputs,
those that ran in more of them first, then by name, so that the file changes only when what runs
changes.
"""

import re
import sys
from collections import Counter

# `fn=(7) name` defines a function and makes it current; `cfn=(8) name` names a callee, which
# ran too; `ob=`/`cob=` do the same for the object file they belong to. Names are given once,
# then referred to by number.
ENTRY = re.compile(r"^(c?)(ob|fn)=\((\d+)\)(?: (.*))?$")


def functions(path, program):
    objects, names, ran = {}, {}, set()
    current_ob = callee_ob = None
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            match = ENTRY.match(line.rstrip("\n"))
            if not match:
                continue
            callee, kind, number, name = match.groups()
            table = objects if kind == "ob" else names
            if name:
                table[number] = name
            if kind == "ob":
                if callee:
                    callee_ob = objects.get(number)
                else:
                    current_ob, callee_ob = objects.get(number), None
                continue
            ob = (callee_ob or current_ob) if callee else current_ob
            if callee:
                callee_ob = None
            # callgrind marks a recursion level with a suffix: `name'2`.
            function = re.sub(r"'\d+$", "", names.get(number, ""))
            # Left out: callgrind's own names for code without a symbol ("(below main)",
            # "0x..."), which are no symbols of the program.
            if ob == program and function and not function.startswith(("0x", "(")):
                ran.add(function)
    return ran


def main():
    program, outputs = sys.argv[1], sys.argv[2:]
    if not outputs:
        sys.exit("symbol-order.py: no callgrind output given")
    runs = Counter()
    for path in outputs:
        runs.update(functions(path, program))
    print("# Written by `make symbol-order` (scripts/symbol-order.sh); read by build.rs.")
    print(f"# The plugin's functions that ran in {len(outputs)} processes, most shared first.")
    for function, _ in sorted(runs.items(), key=lambda item: (-item[1], item[0])):
        print(function)


if __name__ == "__main__":
    main()
