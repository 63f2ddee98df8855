//! OData string literals, the one way any text enters a `$filter` clause or a function argument.
//!
//! A literal is single-quoted with each inner quote doubled, which is the only escape OData has,
//! so the value stays one literal whatever it holds (`' or 1 eq 1 or '` included). Text from a
//! user also passes two checks first: no control characters (no Defender field holds them, so a
//! literal with them could only ever match nothing, and a line break in a query is a way to
//! smuggle text into logs) and a length bound (longer than any DNS name, tag or hash).

use crate::protocol::{shown, PluginError};

/// The longest value a literal from user input may hold, in characters.
pub const MAX_LITERAL_CHARS: usize = 1024;

/// Why text cannot become a literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiteralError {
    /// Longer than [`MAX_LITERAL_CHARS`].
    TooLong,
    /// Holds a control character; `shown` is the value as a message quotes it.
    ControlCharacter { shown: String },
}

impl LiteralError {
    /// The error for the step, about `subject` ("The input Tag", "The value").
    pub fn to_plugin_error(&self, subject: &str) -> PluginError {
        match self {
            LiteralError::TooLong => PluginError::new(
                format!("{subject} is longer than {MAX_LITERAL_CHARS} characters."),
                "Give a shorter value.",
            ),
            LiteralError::ControlCharacter { shown } => PluginError::new(
                format!("{subject} {shown} contains a control character."),
                "Remove line breaks, tabs and other control characters from the value.",
            ),
        }
    }
}

/// The literal of untrusted text (an input, a trigger's key value): checked, then quoted.
pub fn literal(value: &str) -> Result<String, LiteralError> {
    if value.chars().nth(MAX_LITERAL_CHARS).is_some() {
        return Err(LiteralError::TooLong);
    }
    if value.chars().any(char::is_control) {
        return Err(LiteralError::ControlCharacter {
            shown: shown(value),
        });
    }
    Ok(quote(value))
}

/// The literal of text the code vouches for: a spec enum value, a validated ID, an address the
/// standard library printed. None of them can hold a control character or run long; any other
/// text goes through [`literal`].
pub fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_is_single_quoted() {
        assert_eq!(literal("VIP").unwrap(), "'VIP'");
        assert_eq!(literal("").unwrap(), "''");
        assert_eq!(quote("Isolate"), "'Isolate'");
    }

    #[test]
    fn inner_quotes_are_doubled_so_the_value_stays_one_literal() {
        assert_eq!(
            literal("x' or 1 eq 1 or 'y").unwrap(),
            "'x'' or 1 eq 1 or ''y'"
        );
        assert_eq!(literal("''").unwrap(), "''''''");
        assert_eq!(literal("O'Brien").unwrap(), quote("O'Brien"));
    }

    #[test]
    fn control_characters_are_refused_and_shown_escaped() {
        for bad in ["a\nb", "a\rb", "\t", "a\0", "\u{1b}[31m", "a\u{85}b"] {
            assert!(
                matches!(literal(bad), Err(LiteralError::ControlCharacter { .. })),
                "{bad:?}"
            );
        }
        let err = literal("VIP\nINFO forged")
            .unwrap_err()
            .to_plugin_error("The input Tag");
        assert_eq!(
            err.cause,
            r#"The input Tag "VIP\nINFO forged" contains a control character."#
        );
    }

    #[test]
    fn a_value_may_be_as_long_as_the_bound_in_characters_and_no_longer() {
        let longest = "é".repeat(MAX_LITERAL_CHARS);
        assert_eq!(literal(&longest).unwrap(), format!("'{longest}'"));
        let longer = "a".repeat(MAX_LITERAL_CHARS + 1);
        assert_eq!(literal(&longer), Err(LiteralError::TooLong));
        assert_eq!(
            LiteralError::TooLong.to_plugin_error("The input Tag").cause,
            "The input Tag is longer than 1024 characters."
        );
    }
}
