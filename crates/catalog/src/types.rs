//! The catalog's value types: access levels, condition key types, condition keys.

use crate::rules::KEY_TYPE_NAMES;

/// One of AWS's access levels for actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessLevel {
    /// Lists resources.
    List,
    /// Changes who may do what (policies, grants, sharing).
    PermissionsManagement,
    /// Reads resources.
    Read,
    /// Adds or removes tags.
    Tagging,
    /// Creates, changes or deletes resources.
    Write,
}

impl AccessLevel {
    /// Every level, in the alphabetical order of their names (the order [`AccessLevels`] shows).
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::PermissionsManagement,
        AccessLevel::Read,
        AccessLevel::Tagging,
        AccessLevel::Write,
    ];

    /// The name AWS uses: `List`, `Permissions management`, `Read`, `Tagging`, `Write`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Read => "Read",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::Write => "Write",
        }
    }

    /// The level named `name` (case-insensitive), e.g. `write` or `Permissions management`.
    pub fn from_name(name: &str) -> Option<AccessLevel> {
        AccessLevel::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(name.trim()))
    }

    #[cfg(test)]
    pub(super) fn letter(self) -> u8 {
        match self {
            AccessLevel::List => b'L',
            AccessLevel::PermissionsManagement => b'P',
            AccessLevel::Read => b'R',
            AccessLevel::Tagging => b'T',
            AccessLevel::Write => b'W',
        }
    }

    pub(super) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The access levels of one action: usually one, sometimes two ("Tagging, Write").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AccessLevels(u8);

impl AccessLevels {
    /// True when the action has `level` (alone or with another).
    pub fn contains(self, level: AccessLevel) -> bool {
        self.0 & level.bit() != 0
    }

    /// The levels, in alphabetical order of their names.
    pub fn iter(self) -> impl Iterator<Item = AccessLevel> {
        AccessLevel::ALL
            .into_iter()
            .filter(move |l| self.contains(*l))
    }

    /// True when no level is known (never for a well-formed catalog).
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub(super) fn from_letters(letters: &str) -> Option<AccessLevels> {
        crate::rules::access_bits(letters).map(AccessLevels)
    }

    /// The levels of `bits` as [`crate::rules::access_bits`] gives them (`build.rs`'s tables).
    pub(super) const fn from_bits(bits: u8) -> AccessLevels {
        AccessLevels(bits)
    }
}

impl std::fmt::Display for AccessLevels {
    /// As AWS writes them: `Write`, `Tagging, Write`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, level) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(level.as_str())?;
        }
        Ok(())
    }
}

/// The value type of a condition key, as AWS documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConditionKeyType {
    /// `String`.
    String,
    /// `ArrayOfString`: a multi-valued key.
    ArrayOfString,
    /// `ARN`.
    Arn,
    /// `ArrayOfARN`.
    ArrayOfArn,
    /// `Bool`.
    Bool,
    /// `ArrayOfBool`.
    ArrayOfBool,
    /// `Numeric`.
    Numeric,
    /// `Date`.
    Date,
    /// `IPAddress`.
    IpAddress,
}

impl ConditionKeyType {
    /// Every type, in the order of the variants (and of [`KEY_TYPE_NAMES`]).
    pub(super) const ALL: [ConditionKeyType; 9] = [
        ConditionKeyType::String,
        ConditionKeyType::ArrayOfString,
        ConditionKeyType::Arn,
        ConditionKeyType::ArrayOfArn,
        ConditionKeyType::Bool,
        ConditionKeyType::ArrayOfBool,
        ConditionKeyType::Numeric,
        ConditionKeyType::Date,
        ConditionKeyType::IpAddress,
    ];

    /// The name AWS uses (`String`, `ArrayOfString`, `ARN`, `IPAddress`, ...).
    pub fn as_str(self) -> &'static str {
        KEY_TYPE_NAMES.get(self as usize).copied().unwrap_or("")
    }

    /// True for the multi-valued types (`ArrayOf…`).
    pub fn is_multi_valued(self) -> bool {
        matches!(
            self,
            ConditionKeyType::ArrayOfString
                | ConditionKeyType::ArrayOfArn
                | ConditionKeyType::ArrayOfBool
        )
    }

    /// The type of a code of `build.rs`'s `KEY_TABLE`: its place in [`KEY_TYPE_NAMES`].
    pub(super) fn from_code(code: usize) -> Option<ConditionKeyType> {
        Self::ALL.get(code).copied()
    }

    /// The type the catalog names `name`.
    pub(super) fn parse(name: &str) -> Option<ConditionKeyType> {
        Self::from_code(KEY_TYPE_NAMES.iter().position(|n| *n == name)?)
    }
}

/// A condition key as the catalog lists it: its canonical spelling and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionKey {
    /// The key as AWS writes it, placeholders included (`aws:RequestTag/${TagKey}`).
    pub key: &'static str,
    /// Its value type.
    pub value_type: ConditionKeyType,
}

impl ConditionKey {
    /// True when the key has a variable part: `${TagKey}`, `<key>`, or, as some services write
    /// it, a trailing `/tag-key` or a bare trailing `/` (`secretsmanager:ResourceTag/tag-key`,
    /// `glacier:ResourceTag/`).
    pub fn is_templated(&self) -> bool {
        crate::rules::is_templated_key(self.key)
    }
}
