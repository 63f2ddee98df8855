//! A tiny KQL subset for `POST /api/advancedqueries/run`.
//!
//! Enough for demos and client tests, not a query engine: a table name followed by any
//! number of `| take N`, `| limit N` and `| where Column op literal [and …]` stages,
//! with `op` one of `== != =~ !~ > >= < <=` and literals that are strings, numbers or
//! `datetime(…)`. Anything else is answered as a syntax error, which is also how the real
//! service answers a query it cannot parse. Tables are views over the emulator state,
//! so alerts and machines added by tests are visible to hunting too.

use std::cmp::Ordering;

use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use super::state::{parse_time, State};

/// A KQL failure, already worded for the `BadRequest` message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KqlError(pub String);

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    Op(String),
    /// The raw text of a `datetime(…)` literal.
    Date(String),
    Pipe,
    LParen,
    RParen,
}

fn syntax_error(text: &str, col: usize) -> KqlError {
    KqlError(format!(
        "Syntax error: Query could not be parsed at '{text}' on line [1,{col}]"
    ))
}

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, KqlError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = match c {
            '|' => {
                i += 1;
                Tok::Pipe
            }
            '(' => {
                i += 1;
                Tok::LParen
            }
            ')' => {
                i += 1;
                Tok::RParen
            }
            '"' | '\'' => {
                let quote = c;
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(syntax_error(&quote.to_string(), col)),
                        Some('\\') => {
                            if let Some(&next) = chars.get(i + 1) {
                                s.push(next);
                            }
                            i += 2;
                        }
                        Some(&ch) if ch == quote => {
                            i += 1;
                            break;
                        }
                        Some(&ch) => {
                            s.push(ch);
                            i += 1;
                        }
                    }
                }
                Tok::Str(s)
            }
            '=' | '!' | '<' | '>' => {
                let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
                let op = match two.as_str() {
                    "==" | "!=" | "=~" | "!~" | ">=" | "<=" => two,
                    _ if c == '<' || c == '>' => c.to_string(),
                    _ => return Err(syntax_error(&c.to_string(), col)),
                };
                i += op.chars().count();
                Tok::Op(op)
            }
            c if c.is_ascii_digit() => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|d| d.is_ascii_digit() || *d == '.')
                {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                Tok::Num(text.parse().map_err(|_| syntax_error(&text, col))?)
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|d| d.is_alphanumeric() || *d == '_')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                // `datetime(…)` bodies are not KQL tokens (`2026-11-22T…`), so they
                // are taken raw up to the closing parenthesis.
                let mut j = i;
                while chars.get(j).is_some_and(|d| d.is_whitespace()) {
                    j += 1;
                }
                if word == "datetime" && chars.get(j) == Some(&'(') {
                    let close = chars[j..]
                        .iter()
                        .position(|d| *d == ')')
                        .map(|p| j + p)
                        .ok_or_else(|| syntax_error("datetime", col))?;
                    i = close + 1;
                    Tok::Date(
                        chars[j + 1..close]
                            .iter()
                            .collect::<String>()
                            .trim()
                            .to_string(),
                    )
                } else {
                    Tok::Ident(word)
                }
            }
            other => return Err(syntax_error(&other.to_string(), col)),
        };
        out.push((tok, col));
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Str(String),
    Num(f64),
    Dt(OffsetDateTime),
}

#[derive(Debug, Clone, PartialEq)]
struct Cond {
    column: String,
    op: String,
    value: Lit,
}

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Take(usize),
    Where(Vec<Cond>),
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end_col: usize,
}

impl Parser {
    fn next(&mut self) -> Option<(Tok, usize)> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }

    fn unexpected(&self, tok: Option<(Tok, usize)>) -> KqlError {
        match tok {
            Some((t, col)) => syntax_error(&describe(&t), col),
            None => syntax_error("<end of query>", self.end_col),
        }
    }

    fn parse(&mut self) -> Result<(String, Vec<Stage>), KqlError> {
        let table = match self.next() {
            Some((Tok::Ident(name), _)) => name,
            other => return Err(self.unexpected(other)),
        };
        let mut stages = Vec::new();
        while self.pos < self.toks.len() {
            match self.next() {
                Some((Tok::Pipe, _)) => {}
                other => return Err(self.unexpected(other)),
            }
            let op = self.next();
            match op {
                Some((Tok::Ident(ref w), _)) if w == "take" || w == "limit" => match self.next() {
                    Some((Tok::Num(n), _)) if n >= 0.0 && n.fract() == 0.0 => {
                        stages.push(Stage::Take(n as usize))
                    }
                    other => return Err(self.unexpected(other)),
                },
                Some((Tok::Ident(ref w), _)) if w == "where" => {
                    let mut conds = vec![self.cond()?];
                    while matches!(self.peek(), Some(Tok::Ident(w)) if w == "and") {
                        self.pos += 1;
                        conds.push(self.cond()?);
                    }
                    stages.push(Stage::Where(conds));
                }
                other => return Err(self.unexpected(other)),
            }
        }
        Ok((table, stages))
    }

    fn cond(&mut self) -> Result<Cond, KqlError> {
        let column = match self.next() {
            Some((Tok::Ident(c), _)) => c,
            other => return Err(self.unexpected(other)),
        };
        let op = match self.next() {
            Some((Tok::Op(op), _)) => op,
            other => return Err(self.unexpected(other)),
        };
        let value = match self.next() {
            Some((Tok::Str(s), _)) => Lit::Str(s),
            Some((Tok::Num(n), _)) => Lit::Num(n),
            Some((Tok::Date(text), col)) => {
                Lit::Dt(parse_time(&text).ok_or_else(|| syntax_error(&text, col))?)
            }
            other => return Err(self.unexpected(other)),
        };
        Ok(Cond { column, op, value })
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident(s) | Tok::Op(s) => s.clone(),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Num(n) => n.to_string(),
        Tok::Date(d) => format!("datetime({d})"),
        Tok::Pipe => "|".into(),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
    }
}

type Schema = Vec<(&'static str, &'static str)>;

fn table(state: &State, name: &str) -> Option<(Schema, Vec<Value>)> {
    let s = |v: &Value| v.clone();
    match name {
        "DeviceInfo" => Some((
            vec![
                ("Timestamp", "DateTime"),
                ("DeviceId", "String"),
                ("DeviceName", "String"),
                ("OSPlatform", "String"),
                ("OSVersion", "String"),
                ("PublicIP", "String"),
                ("MachineGroup", "String"),
                ("OnboardingStatus", "String"),
                ("ExposureLevel", "String"),
                ("SensorHealthState", "String"),
            ],
            state
                .machines
                .iter()
                .map(|m| {
                    json!({
                        "Timestamp": s(&m["lastSeen"]),
                        "DeviceId": s(&m["id"]),
                        "DeviceName": s(&m["computerDnsName"]),
                        "OSPlatform": s(&m["osPlatform"]),
                        "OSVersion": s(&m["version"]),
                        "PublicIP": s(&m["lastExternalIpAddress"]),
                        "MachineGroup": s(&m["rbacGroupName"]),
                        "OnboardingStatus": s(&m["onboardingStatus"]),
                        "ExposureLevel": s(&m["exposureLevel"]),
                        "SensorHealthState": s(&m["healthStatus"]),
                    })
                })
                .collect(),
        )),
        "AlertInfo" => Some((
            vec![
                ("Timestamp", "DateTime"),
                ("AlertId", "String"),
                ("Title", "String"),
                ("Category", "String"),
                ("Severity", "String"),
                ("ServiceSource", "String"),
                ("DetectionSource", "String"),
                ("AttackTechniques", "String"),
            ],
            state
                .alerts
                .iter()
                .map(|a| {
                    let source = match a["detectionSource"].as_str() {
                        Some("WindowsDefenderAtp") => "EDR",
                        Some("WindowsDefenderAv") => "Antivirus",
                        Some(other) => other,
                        None => "",
                    };
                    json!({
                        "Timestamp": s(&a["alertCreationTime"]),
                        "AlertId": s(&a["id"]),
                        "Title": s(&a["title"]),
                        "Category": s(&a["category"]),
                        "Severity": s(&a["severity"]),
                        "ServiceSource": "Microsoft Defender for Endpoint",
                        "DetectionSource": source,
                        "AttackTechniques": a["mitreTechniques"].to_string(),
                    })
                })
                .collect(),
        )),
        "DeviceProcessEvents" => Some((
            vec![
                ("Timestamp", "DateTime"),
                ("DeviceId", "String"),
                ("DeviceName", "String"),
                ("ActionType", "String"),
                ("FileName", "String"),
                ("FolderPath", "String"),
                ("SHA1", "String"),
                ("SHA256", "String"),
                ("ProcessId", "Int64"),
                ("ProcessCommandLine", "String"),
                ("AccountDomain", "String"),
                ("AccountName", "String"),
                ("InitiatingProcessFileName", "String"),
                ("ReportId", "Int64"),
            ],
            state.process_events.clone(),
        )),
        _ => None,
    }
}

fn holds(row: &Value, cond: &Cond, ty: &str) -> bool {
    let cell = &row[cond.column.as_str()];
    let ord = match (&cond.value, cell) {
        (Lit::Num(n), Value::Number(c)) => c.as_f64().and_then(|c| c.partial_cmp(n)),
        (Lit::Dt(t), Value::String(c)) => parse_time(c).map(|c| c.cmp(t)),
        (Lit::Str(s), Value::String(c)) if ty == "DateTime" => {
            parse_time(c).zip(parse_time(s)).map(|(c, s)| c.cmp(&s))
        }
        (Lit::Str(s), Value::String(c)) => match cond.op.as_str() {
            "=~" | "!~" => Some(c.to_lowercase().cmp(&s.to_lowercase())),
            _ => Some(c.as_str().cmp(s.as_str())),
        },
        (Lit::Str(s), Value::Number(c)) => Some(c.to_string().cmp(s)),
        _ => None,
    };
    let Some(ord) = ord else {
        return matches!(cond.op.as_str(), "!=" | "!~");
    };
    match cond.op.as_str() {
        "==" | "=~" => ord == Ordering::Equal,
        "!=" | "!~" => ord != Ordering::Equal,
        ">" => ord == Ordering::Greater,
        ">=" => ord != Ordering::Less,
        "<" => ord == Ordering::Less,
        "<=" => ord != Ordering::Greater,
        _ => false,
    }
}

/// Runs a query; the answer is the `{"Stats","Schema","Results"}` document.
pub(crate) fn run(query: &str, state: &State) -> Result<Value, KqlError> {
    let toks = lex(query)?;
    let mut parser = Parser {
        end_col: query.chars().count() + 1,
        toks,
        pos: 0,
    };
    let (name, stages) = parser.parse()?;
    let (schema, mut rows) = table(state, &name).ok_or_else(|| {
        KqlError(format!(
            "Semantic error: 'Failed to resolve table or column expression named '{name}''"
        ))
    })?;
    let scanned = rows.len();
    for stage in stages {
        match stage {
            Stage::Take(n) => rows.truncate(n),
            Stage::Where(conds) => {
                for c in &conds {
                    if !schema.iter().any(|(col, _)| *col == c.column) {
                        return Err(KqlError(format!(
                            "Semantic error: 'where' operator: Failed to resolve scalar expression named '{}'",
                            c.column
                        )));
                    }
                }
                rows.retain(|row| {
                    conds.iter().all(|c| {
                        let ty = schema
                            .iter()
                            .find(|(col, _)| *col == c.column)
                            .map_or("String", |(_, t)| t);
                        holds(row, c, ty)
                    })
                });
            }
        }
    }
    let schema_json: Vec<Value> = schema
        .iter()
        .map(|(n, t)| json!({"Name": n, "Type": t}))
        .collect();
    let results: Vec<Value> = rows
        .into_iter()
        .map(|row| {
            // Columns follow the schema order whatever the source row's order.
            let mut ordered = Map::new();
            for (col, _) in &schema {
                ordered.insert(
                    col.to_string(),
                    row.get(*col).cloned().unwrap_or(Value::Null),
                );
            }
            Value::Object(ordered)
        })
        .collect();
    Ok(json!({
        "Stats": {
            "ExecutionTime": 0.0312,
            "resource_usage": {
                "cache": {
                    "memory": {"hits": 4, "misses": 0, "total": 4},
                    "disk": {"hits": 0, "misses": 0, "total": 0},
                },
                "cpu": {"user": "00:00:00.0156250", "kernel": "00:00:00", "total cpu": "00:00:00.0156250"},
                "memory": {"peak_per_node": 1_048_576},
            },
            "dataset_statistics": [{"table_row_count": results.len(), "table_size": scanned * 512}],
        },
        "Schema": schema_json,
        "Results": results,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed;

    fn state() -> State {
        let mut s = State::default();
        seed::load(&mut s);
        s
    }

    #[test]
    fn table_take_and_where() {
        let s = state();
        let r = run("DeviceInfo | take 2", &s).unwrap();
        assert_eq!(r["Results"].as_array().unwrap().len(), 2);
        assert_eq!(
            r["Schema"][0],
            json!({"Name": "Timestamp", "Type": "DateTime"})
        );
        let r = run(
            "DeviceProcessEvents | where DeviceName == \"ws-hr-017.contoso.local\" and ProcessId > 5000 | limit 10",
            &s,
        )
        .unwrap();
        assert_eq!(r["Results"].as_array().unwrap().len(), 2);
        let r = run("AlertInfo | where Severity =~ 'high'", &s).unwrap();
        assert_eq!(r["Results"].as_array().unwrap().len(), 2);
        let r = run(
            "AlertInfo | where Timestamp >= datetime(2026-11-22T00:00:00Z)",
            &s,
        )
        .unwrap();
        assert_eq!(r["Results"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn errors_read_like_kusto() {
        let s = state();
        assert!(run("DeviceInfo | project DeviceId", &s)
            .unwrap_err()
            .0
            .contains("Syntax error"));
        assert!(run("DeviceInfo | take", &s)
            .unwrap_err()
            .0
            .contains("<end of query>"));
        assert!(run("NoSuchTable", &s)
            .unwrap_err()
            .0
            .contains("Failed to resolve table"));
        assert!(run("DeviceInfo | where Nope == 1", &s)
            .unwrap_err()
            .0
            .contains("'Nope'"));
        assert!(run("DeviceInfo | where DeviceName == \"x", &s).is_err());
        assert!(run("| take 1", &s).is_err());
        assert!(run("AlertInfo | where Timestamp > datetime(2026-11-22", &s).is_err());
        assert!(run("AlertInfo | where Timestamp > datetime(yesterday)", &s).is_err());
        assert!(run("DeviceInfo ; drop", &s).is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(q in "\\PC{0,60}", shaped in "(DeviceInfo|AlertInfo| \\| |take |where |Timestamp|==|>|datetime\\(|2026-11-22|\\)|\"x\"|5){0,10}") {
            let s = state();
            let _ = run(&q, &s);
            let _ = run(&shaped, &s);
        }
    }
}
