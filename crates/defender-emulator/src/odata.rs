//! The OData subset Defender's list endpoints accept: `$filter`, `$top`, `$skip`,
//! `$orderby`, `$expand`, `$select` and `$count`.
//!
//! `$filter` gets a real tokenizer and recursive-descent parser rather than string
//! matching, because the point of the emulator is to reject what Defender rejects (an
//! unfilterable property, a DateTime compared with a string) and to keep hostile string
//! literals such as `'x'' or 1 eq 1'` inside the literal. Grammar:
//!
//! ```text
//! or      := and ("or" and)*
//! and     := unary ("and" unary)*
//! unary   := "not" unary | primary
//! primary := "(" or ")" | "startswith" "(" operand "," operand ")"
//!          | collection "/" ("any" | "all") "(" var ":" or ")" | operand cmp operand
//! cmp     := eq | ne | gt | ge | lt | le
//! operand := property | var | 'string' | number | DateTime | true | false | null
//! ```
//!
//! Strings compare ASCII-case-insensitively (inferred from Defender's behaviour with
//! host names); DateTimes compare as instants. A collection property such as
//! `machineTags` is not a value: comparing it (`machineTags eq 'x'`) is the type error
//! OData reports, and it is tested element by element with a lambda,
//! `machineTags/any(tag: tag eq 'x')`, as OData V4 defines.

use std::cmp::Ordering;

use serde_json::Value;
use time::OffsetDateTime;

use super::state::parse_time;

/// The type of a filterable property, which decides literal compatibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldType {
    String,
    DateTime,
    Number,
    Bool,
    StringArray,
    NumberArray,
}

/// The scalar kind a property or literal compares as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Str,
    Num,
    Dt,
    Bool,
}

impl Kind {
    fn edm(self) -> &'static str {
        match self {
            Kind::Str => "Edm.String",
            Kind::Num => "Edm.Int64",
            Kind::Dt => "Edm.DateTimeOffset",
            Kind::Bool => "Edm.Boolean",
        }
    }
}

impl FieldType {
    fn kind(self) -> Kind {
        match self {
            FieldType::String | FieldType::StringArray => Kind::Str,
            FieldType::DateTime => Kind::Dt,
            FieldType::Number | FieldType::NumberArray => Kind::Num,
            FieldType::Bool => Kind::Bool,
        }
    }
}

/// What the query options may refer to for one entity set.
pub(crate) struct EntitySchema {
    /// OData type name, used in error messages.
    pub type_name: &'static str,
    pub filterable: &'static [(&'static str, FieldType)],
    /// Every property of the entity, so that a known but unfilterable one gets the
    /// "cannot be used" message rather than "could not find".
    pub fields: &'static [&'static str],
    pub expandable: &'static [&'static str],
}

use FieldType as F;

pub(crate) const ALERTS: EntitySchema = EntitySchema {
    type_name: "microsoft.windowsDefenderATP.api.PublicAlertV2",
    filterable: &[
        ("alertCreationTime", F::DateTime),
        ("lastUpdateTime", F::DateTime),
        ("incidentId", F::Number),
        ("investigationId", F::Number),
        ("id", F::String),
        ("assignedTo", F::String),
        ("detectionSource", F::String),
        ("lastEventTime", F::DateTime),
        ("status", F::String),
        ("severity", F::String),
        ("category", F::String),
    ],
    fields: &[
        "id",
        "incidentId",
        "investigationId",
        "assignedTo",
        "severity",
        "status",
        "classification",
        "determination",
        "investigationState",
        "detectionSource",
        "detectorId",
        "category",
        "threatFamilyName",
        "title",
        "description",
        "alertCreationTime",
        "firstEventTime",
        "lastEventTime",
        "lastUpdateTime",
        "resolvedTime",
        "machineId",
        "computerDnsName",
        "rbacGroupName",
        "aadTenantId",
        "threatName",
        "mitreTechniques",
        "relatedUser",
        "loggedOnUsers",
        "comments",
        "evidence",
    ],
    expandable: &["evidence"],
};

pub(crate) const MACHINES: EntitySchema = EntitySchema {
    type_name: "microsoft.windowsDefenderATP.api.PublicMachine",
    filterable: &[
        ("computerDnsName", F::String),
        ("id", F::String),
        ("version", F::String),
        ("deviceValue", F::String),
        ("aadDeviceId", F::String),
        ("machineTags", F::StringArray),
        ("lastSeen", F::DateTime),
        ("exposureLevel", F::String),
        ("onboardingStatus", F::String),
        ("lastIpAddress", F::String),
        ("healthStatus", F::String),
        ("osPlatform", F::String),
        ("riskScore", F::String),
        ("rbacGroupId", F::Number),
    ],
    fields: &[
        "id",
        "computerDnsName",
        "firstSeen",
        "lastSeen",
        "osPlatform",
        "osVersion",
        "osProcessor",
        "version",
        "lastIpAddress",
        "lastExternalIpAddress",
        "agentVersion",
        "osBuild",
        "healthStatus",
        "deviceValue",
        "rbacGroupId",
        "rbacGroupName",
        "riskScore",
        "exposureLevel",
        "isAadJoined",
        "aadDeviceId",
        "machineTags",
        "onboardingStatus",
        "osArchitecture",
        "defenderAvStatus",
        "managedBy",
        "managedByStatus",
        "isPotentialDuplication",
        "mergedIntoMachineId",
        "isExcluded",
        "exclusionReason",
        "ipAddresses",
        "vmMetadata",
    ],
    expandable: &[],
};

pub(crate) const MACHINE_ACTIONS: EntitySchema = EntitySchema {
    type_name: "microsoft.windowsDefenderATP.api.PublicMachineAction",
    filterable: &[
        ("id", F::String),
        ("status", F::String),
        ("machineId", F::String),
        ("type", F::String),
        ("requestor", F::String),
        ("creationDateTimeUtc", F::DateTime),
    ],
    fields: &[
        "id",
        "type",
        "title",
        "scope",
        "requestor",
        "requestorComment",
        "status",
        "machineId",
        "computerDnsName",
        "creationDateTimeUtc",
        "lastUpdateDateTimeUtc",
        "cancellationRequestor",
        "cancellationComment",
        "cancellationDateTimeUtc",
        "errorHResult",
        "requestSource",
        "relatedFileInfo",
        "commands",
        "externalId",
        "troubleshootInfo",
    ],
    expandable: &[],
};

/// get-investigation-collection.md: `$filter` on startTime, id, state, machineId and
/// triggeringAlertId.
pub(crate) const INVESTIGATIONS: EntitySchema = EntitySchema {
    type_name: "microsoft.windowsDefenderATP.api.PublicInvestigation",
    filterable: &[
        ("startTime", F::DateTime),
        ("id", F::String),
        ("state", F::String),
        ("machineId", F::String),
        ("triggeringAlertId", F::String),
    ],
    fields: &[
        "id",
        "startTime",
        "endTime",
        "state",
        "cancelledBy",
        "statusDetails",
        "machineId",
        "computerDnsName",
        "triggeringAlertId",
    ],
    expandable: &[],
};

pub(crate) const INDICATORS: EntitySchema = EntitySchema {
    type_name: "microsoft.windowsDefenderATP.api.PublicIndicator",
    filterable: &[
        ("indicatorValue", F::String),
        ("indicatorType", F::String),
        ("action", F::String),
        ("severity", F::String),
        ("creationTimeDateTimeUtc", F::DateTime),
        ("createdBy", F::String),
        ("createdByDisplayName", F::String),
        ("expirationTime", F::DateTime),
        ("generateAlert", F::Bool),
        ("title", F::String),
        ("application", F::String),
        ("rbacGroupNames", F::StringArray),
        ("rbacGroupIds", F::NumberArray),
    ],
    fields: &[
        "id",
        "indicatorValue",
        "indicatorType",
        "action",
        "application",
        "source",
        "sourceType",
        "title",
        "creationTimeDateTimeUtc",
        "createdBy",
        "createdByDisplayName",
        "createdBySource",
        "expirationTime",
        "lastUpdateTime",
        "lastUpdatedBy",
        "severity",
        "description",
        "recommendedActions",
        "rbacGroupNames",
        "rbacGroupIds",
        "generateAlert",
        "educateUrl",
        "mitreTechniques",
        "category",
        "certificateInfo",
    ],
    expandable: &[],
};

/// A literal as written in the filter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    Str(String),
    Num(f64),
    DateTime(OffsetDateTime),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Field(String, FieldType),
    /// The range variable of a lambda: one element of the collection, of this type.
    Item(FieldType),
    Lit(Literal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl CmpOp {
    fn from_word(word: &str) -> Option<CmpOp> {
        Some(match word.to_ascii_lowercase().as_str() {
            "eq" => CmpOp::Eq,
            "ne" => CmpOp::Ne,
            "gt" => CmpOp::Gt,
            "ge" => CmpOp::Ge,
            "lt" => CmpOp::Lt,
            "le" => CmpOp::Le,
            _ => return None,
        })
    }

    /// The operator kind name OData uses in its type-mismatch message.
    fn kind_name(self) -> &'static str {
        match self {
            CmpOp::Eq => "Equal",
            CmpOp::Ne => "NotEqual",
            CmpOp::Gt => "GreaterThan",
            CmpOp::Ge => "GreaterThanOrEqual",
            CmpOp::Lt => "LessThan",
            CmpOp::Le => "LessThanOrEqual",
        }
    }
}

/// A parsed `$filter`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Cmp(Operand, CmpOp, Operand),
    StartsWith(Operand, Operand),
    /// `collection/any(v: body)` (`all: false`) or `collection/all(v: body)`.
    Lambda {
        field: String,
        ty: FieldType,
        all: bool,
        body: Box<Expr>,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    DateTime(OffsetDateTime),
    LParen,
    RParen,
    Comma,
    Colon,
}

#[derive(Debug, Clone, PartialEq)]
struct Token {
    tok: Tok,
    /// Character offset, for error messages.
    pos: usize,
}

fn lex(src: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = match c {
            '(' => {
                i += 1;
                Tok::LParen
            }
            ')' => {
                i += 1;
                Tok::RParen
            }
            ',' => {
                i += 1;
                Tok::Comma
            }
            ':' => {
                i += 1;
                Tok::Colon
            }
            '\'' => {
                // OData escapes a quote by doubling it; nothing else is special.
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(format!("unterminated string literal at position {start}"))
                        }
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            s.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
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
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())) =>
            {
                i += 1;
                while chars.get(i).is_some_and(|d| {
                    d.is_ascii_alphanumeric() || matches!(d, ':' | '.' | '+' | '-')
                }) {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                number_or_datetime(&text)
                    .ok_or_else(|| format!("invalid literal '{text}' at position {start}"))?
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                i += 1;
                while chars
                    .get(i)
                    .is_some_and(|d| d.is_alphanumeric() || matches!(d, '_' | '.' | '/'))
                {
                    i += 1;
                }
                Tok::Ident(chars[start..i].iter().collect())
            }
            other => {
                return Err(format!(
                    "unexpected character '{other}' at position {start}"
                ))
            }
        };
        out.push(Token { tok, pos: start });
    }
    Ok(out)
}

/// Unquoted literals starting with a digit are either DateTimes (`2026-11-23T10:00:00Z`,
/// or a bare date) or numbers.
fn number_or_datetime(text: &str) -> Option<Tok> {
    let bytes = text.as_bytes();
    let looks_dated = bytes.len() >= 10 && bytes[4] == b'-' && bytes[7] == b'-';
    if looks_dated {
        return parse_time(text).map(Tok::DateTime);
    }
    let numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !numeric {
        return None;
    }
    text.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(Tok::Num)
}

/// Nesting deeper than this is refused instead of risking the stack.
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    toks: Vec<Token>,
    pos: usize,
    schema: &'a EntitySchema,
    depth: usize,
    end: usize,
    /// The range variable in scope inside a lambda, and the type of its elements.
    range: Option<(String, FieldType)>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn here(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |t| t.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).map(|t| t.tok.clone());
        self.pos += 1;
        t
    }

    fn peek_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(w)) if w.eq_ignore_ascii_case(word))
    }

    fn expect(&mut self, want: Tok, what: &str) -> Result<(), String> {
        let at = self.here();
        match self.next() {
            Some(t) if t == want => Ok(()),
            _ => Err(format!("expected {what} at position {at}")),
        }
    }

    fn parse_or(&mut self) -> Result<Expr, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("expression is nested too deeply".to_string());
        }
        let mut left = self.parse_and()?;
        while self.peek_word("or") {
            self.pos += 1;
            let right = self.parse_and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn parse_and(&mut self) -> Result<Expr, String> {
        let mut left = self.parse_unary()?;
        while self.peek_word("and") {
            self.pos += 1;
            let right = self.parse_unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn parse_unary(&mut self) -> Result<Expr, String> {
        if self.peek_word("not") {
            self.pos += 1;
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err("expression is nested too deeply".to_string());
            }
            let inner = self.parse_unary()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.parse_primary()
    }

    fn parse_primary(&mut self) -> Result<Expr, String> {
        if self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            let inner = self.parse_or()?;
            self.expect(Tok::RParen, "')'")?;
            return Ok(inner);
        }
        let is_call = matches!(self.peek(), Some(Tok::Ident(_)))
            && matches!(
                self.toks.get(self.pos + 1),
                Some(Token {
                    tok: Tok::LParen,
                    ..
                })
            );
        if is_call {
            return self.parse_call();
        }
        let left = self.parse_operand()?;
        let at = self.here();
        let op = match self.next() {
            Some(Tok::Ident(w)) => CmpOp::from_word(&w)
                .ok_or_else(|| format!("unknown operator '{w}' at position {at}"))?,
            _ => return Err(format!("expected a comparison operator at position {at}")),
        };
        let right = self.parse_operand()?;
        check_types(&left, op, &right)?;
        Ok(Expr::Cmp(left, op, right))
    }

    fn parse_call(&mut self) -> Result<Expr, String> {
        let at = self.here();
        let Some(Tok::Ident(name)) = self.next() else {
            return Err(format!("expected a function at position {at}"));
        };
        if let Some((collection, operator)) = name.rsplit_once('/') {
            return self.parse_lambda(collection, operator, at);
        }
        if !name.eq_ignore_ascii_case("startswith") {
            return Err(format!("unknown function '{name}' at position {at}"));
        }
        self.expect(Tok::LParen, "'('")?;
        let subject = self.parse_operand()?;
        self.expect(Tok::Comma, "','")?;
        let prefix = self.parse_operand()?;
        self.expect(Tok::RParen, "')'")?;
        for o in [&subject, &prefix] {
            if is_collection(o) {
                return Err("No function signature for the function with name 'startswith' matches the specified arguments. The function signatures considered are: startswith(Edm.String Nullable=true, Edm.String Nullable=true).".to_string());
            }
            if let Some(k) = operand_kind(o) {
                if k != Kind::Str {
                    return Err(format!(
                        "startswith expects Edm.String arguments, found {}",
                        k.edm()
                    ));
                }
            }
        }
        Ok(Expr::StartsWith(subject, prefix))
    }

    /// `collection/any(v: body)` or `…/all(…)`, after the name; `at` is where the name began.
    fn parse_lambda(
        &mut self,
        collection: &str,
        operator: &str,
        at: usize,
    ) -> Result<Expr, String> {
        let all = match operator.to_ascii_lowercase().as_str() {
            "any" => false,
            "all" => true,
            _ => return Err(format!("unknown function '{operator}' at position {at}")),
        };
        let (field, ty) = match self.field(collection)? {
            Operand::Field(field, ty @ (FieldType::StringArray | FieldType::NumberArray)) => {
                (field, ty)
            }
            _ => {
                return Err(format!(
                    "The '{operator}' lambda applies to a collection; '{collection}' is not one."
                ))
            }
        };
        if self.range.is_some() {
            return Err(format!("nested lambda at position {at} is not supported"));
        }
        self.expect(Tok::LParen, "'('")?;
        let var_at = self.here();
        let Some(Tok::Ident(var)) = self.next() else {
            return Err(format!("expected a range variable at position {var_at}"));
        };
        self.expect(Tok::Colon, "':'")?;
        let element = match ty {
            FieldType::NumberArray => FieldType::Number,
            _ => FieldType::String,
        };
        self.range = Some((var, element));
        let body = self.parse_or();
        self.range = None;
        let body = body?;
        self.expect(Tok::RParen, "')'")?;
        Ok(Expr::Lambda {
            field,
            ty,
            all,
            body: Box::new(body),
        })
    }

    fn parse_operand(&mut self) -> Result<Operand, String> {
        let at = self.here();
        match self.next() {
            Some(Tok::Str(s)) => Ok(Operand::Lit(Literal::Str(s))),
            Some(Tok::Num(n)) => Ok(Operand::Lit(Literal::Num(n))),
            Some(Tok::DateTime(t)) => Ok(Operand::Lit(Literal::DateTime(t))),
            Some(Tok::Ident(w)) => match w.to_ascii_lowercase().as_str() {
                "null" => Ok(Operand::Lit(Literal::Null)),
                "true" => Ok(Operand::Lit(Literal::Bool(true))),
                "false" => Ok(Operand::Lit(Literal::Bool(false))),
                _ => self.field(&w),
            },
            Some(_) => Err(format!("expected a property or literal at position {at}")),
            None => Err("unexpected end of expression".to_string()),
        }
    }

    fn field(&self, name: &str) -> Result<Operand, String> {
        if let Some((var, element)) = &self.range {
            if var == name {
                return Ok(Operand::Item(*element));
            }
        }
        let schema = self.schema;
        let found = schema
            .filterable
            .iter()
            .find(|(f, _)| *f == name)
            .or_else(|| {
                schema
                    .filterable
                    .iter()
                    .find(|(f, _)| f.eq_ignore_ascii_case(name))
            });
        match found {
            Some((f, t)) => Ok(Operand::Field(f.to_string(), *t)),
            None => Err(unusable_property(schema, name, "$filter")),
        }
    }
}

fn unusable_property(schema: &EntitySchema, name: &str, option: &str) -> String {
    if schema.fields.iter().any(|f| f.eq_ignore_ascii_case(name)) {
        format!("The property '{name}' cannot be used in the {option} query option.")
    } else {
        format!(
            "Could not find a property named '{name}' on type '{}'.",
            schema.type_name
        )
    }
}

fn is_collection(o: &Operand) -> bool {
    matches!(
        o,
        Operand::Field(_, FieldType::StringArray | FieldType::NumberArray)
    )
}

/// The type name OData gives an operand in its messages.
fn edm_name(o: &Operand, kind: Kind) -> String {
    if is_collection(o) {
        format!("Collection({})", kind.edm())
    } else {
        kind.edm().to_string()
    }
}

fn operand_kind(o: &Operand) -> Option<Kind> {
    match o {
        Operand::Field(_, t) | Operand::Item(t) => Some(t.kind()),
        Operand::Lit(Literal::Str(_)) => Some(Kind::Str),
        Operand::Lit(Literal::Num(_)) => Some(Kind::Num),
        Operand::Lit(Literal::DateTime(_)) => Some(Kind::Dt),
        Operand::Lit(Literal::Bool(_)) => Some(Kind::Bool),
        Operand::Lit(Literal::Null) => None,
    }
}

fn check_types(left: &Operand, op: CmpOp, right: &Operand) -> Result<(), String> {
    let mismatch = |a: String, b: String| {
        Err(format!(
            "A binary operator with incompatible types was detected. Found operand types '{a}' and '{b}' for operator kind '{}'.",
            op.kind_name()
        ))
    };
    match (operand_kind(left), operand_kind(right)) {
        (Some(a), Some(b)) if a != b || is_collection(left) || is_collection(right) => {
            mismatch(edm_name(left, a), edm_name(right, b))
        }
        (Some(a), None) if is_collection(left) => mismatch(edm_name(left, a), "null".into()),
        (None, Some(b)) if is_collection(right) => mismatch("null".into(), edm_name(right, b)),
        _ => Ok(()),
    }
}

/// Parses a `$filter` value against an entity's filterable properties.
pub(crate) fn parse_filter(src: &str, schema: &EntitySchema) -> Result<Expr, String> {
    let toks = lex(src)?;
    if toks.is_empty() {
        return Err("the filter is empty".to_string());
    }
    let mut parser = Parser {
        toks,
        pos: 0,
        schema,
        depth: 0,
        end: src.chars().count(),
        range: None,
    };
    let expr = parser.parse_or()?;
    if parser.pos < parser.toks.len() {
        return Err(format!("unexpected token at position {}", parser.here()));
    }
    Ok(expr)
}

/// A property value or literal, resolved for comparison.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Null,
    Str(String),
    Num(f64),
    Dt(OffsetDateTime),
    Bool(bool),
    Arr(Vec<V>),
}

fn scalar(value: &Value, kind: Kind) -> V {
    match (kind, value) {
        (_, Value::Null) => V::Null,
        (Kind::Str, Value::String(s)) => V::Str(s.clone()),
        (Kind::Str, Value::Number(n)) => V::Str(n.to_string()),
        (Kind::Dt, Value::String(s)) => parse_time(s).map_or(V::Null, V::Dt),
        (Kind::Num, Value::Number(n)) => n.as_f64().map_or(V::Null, V::Num),
        (Kind::Num, Value::String(s)) => s.parse().map_or(V::Null, V::Num),
        (Kind::Bool, Value::Bool(b)) => V::Bool(*b),
        _ => V::Null,
    }
}

fn resolve(o: &Operand, entity: &Value, item: Option<&V>) -> V {
    match o {
        Operand::Item(_) => item.cloned().unwrap_or(V::Null),
        Operand::Lit(Literal::Str(s)) => V::Str(s.clone()),
        Operand::Lit(Literal::Num(n)) => V::Num(*n),
        Operand::Lit(Literal::DateTime(t)) => V::Dt(*t),
        Operand::Lit(Literal::Bool(b)) => V::Bool(*b),
        Operand::Lit(Literal::Null) => V::Null,
        Operand::Field(name, t) => field_value(entity, name, *t),
    }
}

fn field_value(entity: &Value, name: &str, t: FieldType) -> V {
    let raw = entity.get(name).unwrap_or(&Value::Null);
    match t {
        FieldType::StringArray | FieldType::NumberArray => match raw {
            Value::Array(items) => V::Arr(items.iter().map(|i| scalar(i, t.kind())).collect()),
            _ => V::Null,
        },
        _ => scalar(raw, t.kind()),
    }
}

fn order(a: &V, b: &V) -> Option<Ordering> {
    match (a, b) {
        (V::Str(x), V::Str(y)) => Some(x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase())),
        (V::Num(x), V::Num(y)) => x.partial_cmp(y),
        (V::Dt(x), V::Dt(y)) => Some(x.cmp(y)),
        (V::Bool(x), V::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// Compares two scalars; a collection never gets here, the parser refuses it.
fn compare(a: &V, op: CmpOp, b: &V) -> bool {
    match (a, b) {
        (V::Null, V::Null) => return matches!(op, CmpOp::Eq | CmpOp::Ge | CmpOp::Le),
        (V::Null, _) | (_, V::Null) => return op == CmpOp::Ne,
        _ => {}
    }
    let Some(ord) = order(a, b) else {
        return op == CmpOp::Ne;
    };
    match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
    }
}

fn starts_with(subject: &V, prefix: &V) -> bool {
    match (subject, prefix) {
        (V::Str(s), V::Str(p)) => s
            .get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p)),
        _ => false,
    }
}

impl Expr {
    /// Whether `entity` satisfies the filter.
    pub(crate) fn matches(&self, entity: &Value) -> bool {
        self.matches_at(entity, None)
    }

    /// `item` is the element a lambda's range variable stands for.
    fn matches_at(&self, entity: &Value, item: Option<&V>) -> bool {
        match self {
            Expr::Or(a, b) => a.matches_at(entity, item) || b.matches_at(entity, item),
            Expr::And(a, b) => a.matches_at(entity, item) && b.matches_at(entity, item),
            Expr::Not(a) => !a.matches_at(entity, item),
            Expr::Cmp(l, op, r) => {
                compare(&resolve(l, entity, item), *op, &resolve(r, entity, item))
            }
            Expr::StartsWith(s, p) => {
                starts_with(&resolve(s, entity, item), &resolve(p, entity, item))
            }
            Expr::Lambda {
                field,
                ty,
                all,
                body,
            } => {
                let elements = match field_value(entity, field, *ty) {
                    V::Arr(elements) => elements,
                    _ => Vec::new(),
                };
                let holds = |element: &V| body.matches_at(entity, Some(element));
                if *all {
                    elements.iter().all(holds)
                } else {
                    elements.iter().any(holds)
                }
            }
        }
    }
}

/// One `$orderby` key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OrderKey {
    pub field: String,
    pub ty: FieldType,
    pub desc: bool,
}

/// All query options of a list request, validated.
#[derive(Debug, Clone, Default)]
pub(crate) struct QueryOptions {
    pub filter: Option<Expr>,
    pub top: Option<usize>,
    pub skip: usize,
    pub orderby: Vec<OrderKey>,
    pub expand: Vec<String>,
    pub select: Option<Vec<String>>,
    pub count: bool,
}

/// Decodes a raw query string into `(name, value)` pairs the way ASP.NET does
/// (`+` is a space). Pairs with an empty name, as in a malformed nextLink, are dropped.
pub(crate) fn query_pairs(raw: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.as_bytes())
        .into_owned()
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// Parses and validates the system query options of a list request. Non-`$`
/// parameters are ignored, as Defender ignores unknown ones.
pub(crate) fn parse_query(
    raw: &str,
    schema: &EntitySchema,
    max_top: usize,
) -> Result<QueryOptions, String> {
    let mut opts = QueryOptions::default();
    let mut seen: Vec<String> = Vec::new();
    for (key, value) in query_pairs(raw) {
        let Some(name) = key.strip_prefix('$') else {
            continue;
        };
        let name = name.to_ascii_lowercase();
        if seen.contains(&name) {
            return Err(format!(
                "Query option '${name}' was specified more than once, but it must be specified at most once."
            ));
        }
        seen.push(name.clone());
        match name.as_str() {
            "filter" => {
                opts.filter = Some(
                    parse_filter(&value, schema)
                        .map_err(|e| format!("Invalid filter clause: {e}"))?,
                )
            }
            "top" => {
                let top: usize = value
                    .trim()
                    .parse()
                    .map_err(|_| format!("Invalid value '{value}' for $top query option."))?;
                if top > max_top {
                    return Err(format!(
                        "The limit of '{max_top}' for Top query has been exceeded. The value from the incoming request is '{top}'."
                    ));
                }
                opts.top = Some(top);
            }
            "skip" => {
                opts.skip = value
                    .trim()
                    .parse()
                    .map_err(|_| format!("Invalid value '{value}' for $skip query option."))?;
            }
            "orderby" => opts.orderby = parse_orderby(&value, schema)?,
            "expand" => {
                for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let Some(canon) = schema
                        .expandable
                        .iter()
                        .find(|e| e.eq_ignore_ascii_case(item))
                    else {
                        return Err(format!(
                            "Property '{item}' on type '{}' is not a navigation property or complex property. Only navigation properties can be expanded.",
                            schema.type_name
                        ));
                    };
                    opts.expand.push(canon.to_string());
                }
            }
            "select" => {
                let mut fields = Vec::new();
                for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let Some(canon) = schema.fields.iter().find(|f| f.eq_ignore_ascii_case(item))
                    else {
                        return Err(format!(
                            "Could not find a property named '{item}' on type '{}'.",
                            schema.type_name
                        ));
                    };
                    fields.push(canon.to_string());
                }
                opts.select = Some(fields);
            }
            "count" => match value.trim().to_ascii_lowercase().as_str() {
                "true" => opts.count = true,
                "false" => opts.count = false,
                _ => return Err(format!("'{value}' is not a valid count option.")),
            },
            "format" | "skiptoken" => {}
            _ => return Err(format!("The query parameter '${name}' is not supported.")),
        }
    }
    Ok(opts)
}

fn parse_orderby(value: &str, schema: &EntitySchema) -> Result<Vec<OrderKey>, String> {
    let mut keys = Vec::new();
    for item in value.split(',').map(str::trim) {
        let mut words = item.split_whitespace();
        let Some(name) = words.next() else {
            return Err(format!("Syntax error in $orderby '{value}'."));
        };
        let desc = match words.next().map(str::to_ascii_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(other) => return Err(format!("Syntax error at '{other}' in $orderby '{value}'.")),
        };
        if words.next().is_some() {
            return Err(format!("Syntax error in $orderby '{value}'."));
        }
        let Some((field, ty)) = schema
            .filterable
            .iter()
            .find(|(f, _)| f.eq_ignore_ascii_case(name))
        else {
            return Err(unusable_property(schema, name, "$orderby"));
        };
        if matches!(ty, FieldType::StringArray | FieldType::NumberArray) {
            return Err(
                "The $orderby expression must evaluate to a single value of primitive type."
                    .to_string(),
            );
        }
        keys.push(OrderKey {
            field: field.to_string(),
            ty: *ty,
            desc,
        });
    }
    Ok(keys)
}

impl QueryOptions {
    /// Indices of the items that pass `$filter`, in `$orderby` order (stable, so ties
    /// keep insertion order). Paging is left to the caller.
    pub(crate) fn select_indices(&self, items: &[Value]) -> Vec<usize> {
        let mut picked: Vec<usize> = items
            .iter()
            .enumerate()
            .filter(|(_, item)| self.filter.as_ref().is_none_or(|f| f.matches(item)))
            .map(|(i, _)| i)
            .collect();
        if !self.orderby.is_empty() {
            picked.sort_by(|&a, &b| {
                for key in &self.orderby {
                    let va = field_value(&items[a], &key.field, key.ty);
                    let vb = field_value(&items[b], &key.field, key.ty);
                    // Nulls sort first ascending, as in SQL Server.
                    let ord = match (&va, &vb) {
                        (V::Null, V::Null) => Ordering::Equal,
                        (V::Null, _) => Ordering::Less,
                        (_, V::Null) => Ordering::Greater,
                        _ => order(&va, &vb).unwrap_or(Ordering::Equal),
                    };
                    let ord = if key.desc { ord.reverse() } else { ord };
                    if ord != Ordering::Equal {
                        return ord;
                    }
                }
                Ordering::Equal
            });
        }
        picked
    }

    /// Applies `$select` to an item about to be returned.
    pub(crate) fn project(&self, item: Value) -> Value {
        match (&self.select, item) {
            (Some(fields), Value::Object(map)) => Value::Object(
                map.into_iter()
                    .filter(|(k, _)| fields.iter().any(|f| f == k))
                    .collect(),
            ),
            (_, item) => item,
        }
    }

    pub(crate) fn expands(&self, name: &str) -> bool {
        self.expand.iter().any(|e| e == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn alert() -> Value {
        json!({
            "id": "da1_2",
            "severity": "High",
            "status": "New",
            "incidentId": 42,
            "assignedTo": null,
            "alertCreationTime": "2026-11-22T10:00:00.1234567Z",
            "title": "x",
        })
    }

    fn matches(filter: &str, item: &Value) -> bool {
        parse_filter(filter, &ALERTS).unwrap().matches(item)
    }

    #[test]
    fn hostile_string_stays_one_literal() {
        let e = parse_filter("id eq 'x'' or 1 eq 1'", &ALERTS).unwrap();
        assert_eq!(
            e,
            Expr::Cmp(
                Operand::Field("id".into(), FieldType::String),
                CmpOp::Eq,
                Operand::Lit(Literal::Str("x' or 1 eq 1".into()))
            )
        );
        assert!(!e.matches(&alert()));
        assert!(e.matches(&json!({"id": "x' or 1 eq 1"})));
    }

    #[test]
    fn precedence_and_parentheses() {
        let a = alert();
        assert!(matches(
            "severity eq 'Low' or severity eq 'High' and status eq 'New'",
            &a
        ));
        assert!(!matches(
            "(severity eq 'Low' or severity eq 'High') and status eq 'Resolved'",
            &a
        ));
        assert!(matches("not (status eq 'Resolved')", &a));
        assert!(matches("incidentId ge 40 and incidentId lt 43", &a));
        assert!(matches("assignedTo eq null", &a));
        assert!(!matches("assignedTo ne null", &a));
        assert!(
            matches("status EQ 'new'", &a),
            "strings compare case-insensitively"
        );
    }

    #[test]
    fn datetimes_compare_as_instants() {
        let a = alert();
        assert!(matches("alertCreationTime ge 2026-11-22T10:00:00Z", &a));
        assert!(matches(
            "alertCreationTime gt 2026-11-22T10:00:00.1234566Z",
            &a
        ));
        assert!(!matches(
            "alertCreationTime gt 2026-11-22T10:00:00.1234567Z",
            &a
        ));
        assert!(matches(
            "alertCreationTime lt 2026-11-22T12:00:00+01:00",
            &a
        ));
        assert!(matches("alertCreationTime ge 2026-11-22", &a));
    }

    #[test]
    fn startswith_and_arrays() {
        let m = json!({"computerDnsName": "WS-FIN-042.contoso.local", "machineTags": ["Finance", "VIP"]});
        let f = |s: &str| parse_filter(s, &MACHINES).unwrap().matches(&m);
        assert!(f("startswith(computerDnsName,'ws-fin')"));
        assert!(!f("startswith(computerDnsName,'ws-hr')"));
        assert!(f("machineTags/any(tag: tag eq 'vip')"));
        assert!(!f("machineTags/any(t: t eq 'HR')"));
        assert!(f("machineTags/any(t: startswith(t, 'Fin'))"));
        assert!(f("machineTags/all(t: t ne 'HR')"));
        assert!(!f("machineTags/all(t: t eq 'VIP')"));
        let untagged = json!({"computerDnsName": "x", "machineTags": []});
        let any = parse_filter("machineTags/any(t: t eq 'VIP')", &MACHINES).unwrap();
        assert!(!any.matches(&untagged));
    }

    #[test]
    fn a_collection_is_compared_through_a_lambda_not_as_a_value() {
        let err = |s: &str| parse_filter(s, &MACHINES).unwrap_err();
        assert_eq!(
            err("machineTags eq 'VIP'"),
            "A binary operator with incompatible types was detected. Found operand types 'Collection(Edm.String)' and 'Edm.String' for operator kind 'Equal'."
        );
        assert!(err("'VIP' ne machineTags").contains("'Collection(Edm.String)'"));
        assert!(err("machineTags eq null").contains("'Collection(Edm.String)'"));
        assert!(err("startswith(machineTags, 'Fin')").contains("No function signature"));
        assert!(err("computerDnsName/any(t: t eq 'x')").contains("not one"));
        assert!(err("machineTags/any(t: u eq 'x')").contains("Could not find a property named 'u'"));
        assert!(err("machineTags/any(t: t eq 1)").contains("incompatible types"));
        assert!(err("machineTags/none(t: t eq 'x')").contains("unknown function"));
        assert!(err("machineTags/any(t t eq 'x')").contains("expected ':'"));
        assert!(parse_query("$orderby=machineTags", &MACHINES, 10).is_err());
    }

    #[test]
    fn rejects_what_defender_rejects() {
        let err = |s: &str| parse_filter(s, &ALERTS).unwrap_err();
        assert!(err("title eq 'x'").contains("cannot be used in the $filter"));
        assert!(err("bogus eq 'x'").contains("Could not find a property named 'bogus'"));
        assert!(err("alertCreationTime ge '2026-11-22T10:00:00Z'").contains("incompatible types"));
        assert!(err("severity eq 'High' and").contains("end of expression"));
        assert!(err("severity eq 'High").contains("unterminated"));
        assert!(err("severity 'High'").contains("comparison operator"));
        assert!(err("severity eq 'High')").contains("unexpected token"));
        assert!(err("contains(title,'x')").contains("unknown function"));
        assert!(err("severity eq 'a' ; drop").contains("unexpected character"));
        assert!(err("").contains("empty"));
        assert!(err("alertCreationTime ge 2026-13-40T99:00:00Z").contains("invalid literal"));
        let deep = format!("{}status eq 'New'{}", "(".repeat(500), ")".repeat(500));
        assert!(err(&deep).contains("nested too deeply"));
    }

    #[test]
    fn query_options() {
        let q = parse_query(
            "$filter=severity%20eq%20'High'&$top=5&$skip=2&$orderby=alertCreationTime%20desc,severity&$expand=Evidence&other=1",
            &ALERTS,
            10,
        )
        .unwrap();
        assert_eq!(q.top, Some(5));
        assert_eq!(q.skip, 2);
        assert_eq!(q.orderby.len(), 2);
        assert!(q.orderby[0].desc && !q.orderby[1].desc);
        assert!(q.expands("evidence"));
        assert!(parse_query("$top=11", &ALERTS, 10)
            .unwrap_err()
            .contains("limit of '10'"));
        assert!(parse_query("$top=-1", &ALERTS, 10).is_err());
        assert!(parse_query("$orderby=title", &ALERTS, 10).is_err());
        assert!(parse_query("$orderby=severity sideways", &ALERTS, 10).is_err());
        assert!(parse_query("$expand=machine", &ALERTS, 10).is_err());
        assert!(parse_query("$expand=evidence", &MACHINES, 10).is_err());
        assert!(parse_query("$bogus=1", &ALERTS, 10).is_err());
        assert!(parse_query("$top=1&$top=2", &ALERTS, 10).is_err());
        assert!(parse_query("=10000", &ALERTS, 10).unwrap().top.is_none());
        let plus = parse_query("$filter=severity+eq+'High'", &ALERTS, 10).unwrap();
        assert!(plus.filter.is_some());
    }

    #[test]
    fn ordering_is_stable_and_typed() {
        let items = vec![
            json!({"id": "a", "alertCreationTime": "2026-11-22T10:00:00.5Z"}),
            json!({"id": "b", "alertCreationTime": "2026-11-22T10:00:00Z"}),
            json!({"id": "c", "alertCreationTime": "2026-11-22T10:00:00Z"}),
            json!({"id": "d", "alertCreationTime": null}),
        ];
        let q = parse_query("$orderby=alertCreationTime asc", &ALERTS, 10).unwrap();
        assert_eq!(q.select_indices(&items), vec![3, 1, 2, 0]);
        let q = parse_query("$orderby=alertCreationTime desc", &ALERTS, 10).unwrap();
        assert_eq!(q.select_indices(&items), vec![0, 1, 2, 3]);
    }

    #[test]
    fn select_projects() {
        let q = parse_query("$select=id,severity", &ALERTS, 10).unwrap();
        assert_eq!(
            q.project(alert()),
            json!({"id": "da1_2", "severity": "High"})
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_input(src in "\\PC{0,80}", raw in "[ -~]{0,80}") {
            let _ = parse_filter(&src, &ALERTS).map(|e| e.matches(&alert()));
            let _ = parse_query(&raw, &MACHINES, 10);
        }

        #[test]
        fn never_panics_on_filter_shaped_input(
            src in "(\\(|\\)|not |severity|incidentId|alertCreationTime| eq | lt |'a''b'|42|-1.5e3|2026-11-22T10:00:00Z| and | or |startswith\\(|,|null){0,12}"
        ) {
            let _ = parse_filter(&src, &ALERTS).map(|e| e.matches(&alert()));
        }
    }
}
