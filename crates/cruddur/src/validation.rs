//! The checks Cruddur's backend makes before it writes a message, with its error codes.
//!
//! The codes are the bootcamp's own strings (services/create_message.py), misspelling included,
//! so a frontend written against the API can match them. The backend kept only the last
//! failing check (each assigned `errors` anew); we report every failing check, in the order the
//! backend makes them, so one run shows everything to fix.

/// DynamoDB has no such limit; the bootcamp's form and backend stop at 1024 characters.
pub const MAX_MESSAGE_CHARS: usize = 1024;

/// One failed check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Sending to an existing group without naming it.
    MessageGroupUuidBlank,
    /// No sender. The bootcamp identifies the sender by their Cognito user id; the toolkit by
    /// the handle given as `--me`.
    CognitoUserIdBlank,
    /// Starting a group without naming the other user.
    UserRecieverHandleBlank,
    /// An empty message.
    MessageBlank,
    /// A message over [`MAX_MESSAGE_CHARS`] characters.
    MessageExceedMaxChars1024,
}

impl Code {
    /// The code as the backend returns it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::MessageGroupUuidBlank => "message_group_uuid_blank",
            Code::CognitoUserIdBlank => "cognito_user_id_blank",
            Code::UserRecieverHandleBlank => "user_reciever_handle_blank",
            Code::MessageBlank => "message_blank",
            Code::MessageExceedMaxChars1024 => "message_exceed_max_chars_1024",
        }
    }

    /// What the code means, for a person reading the terminal.
    pub fn explain(self) -> &'static str {
        match self {
            Code::MessageGroupUuidBlank => "no message group given (--message-group)",
            Code::CognitoUserIdBlank => "no sender given (--me)",
            Code::UserRecieverHandleBlank => "no receiver given (--to)",
            Code::MessageBlank => "the message is empty",
            Code::MessageExceedMaxChars1024 => "the message is longer than 1024 characters",
        }
    }
}

/// Where a message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination<'a> {
    /// A new message group with the user of this handle (the backend's "create" mode).
    NewGroup {
        /// The other user's handle.
        receiver_handle: Option<&'a str>,
    },
    /// An existing message group (the backend's "update" mode).
    Group {
        /// The group's uuid.
        message_group_uuid: Option<&'a str>,
    },
}

/// Every failed check, in the backend's order; empty when the message may be sent. Blank means
/// absent or empty, as the backend's `len(x) < 1`: a message of spaces is sent as it is.
/// Length counts characters (Unicode scalar values), as Python's `len` does.
pub fn check(
    destination: Destination<'_>,
    sender: Option<&str>,
    message: Option<&str>,
) -> Vec<Code> {
    let blank = |value: Option<&str>| value.is_none_or(str::is_empty);
    let mut codes = Vec::new();
    if let Destination::Group { message_group_uuid } = destination {
        if blank(message_group_uuid) {
            codes.push(Code::MessageGroupUuidBlank);
        }
    }
    if blank(sender) {
        codes.push(Code::CognitoUserIdBlank);
    }
    if let Destination::NewGroup { receiver_handle } = destination {
        if blank(receiver_handle) {
            codes.push(Code::UserRecieverHandleBlank);
        }
    }
    match message {
        None | Some("") => codes.push(Code::MessageBlank),
        Some(text) if text.chars().count() > MAX_MESSAGE_CHARS => {
            codes.push(Code::MessageExceedMaxChars1024)
        }
        Some(_) => {}
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    const GROUP: Destination<'static> = Destination::Group {
        message_group_uuid: Some("g"),
    };
    const NEW: Destination<'static> = Destination::NewGroup {
        receiver_handle: Some("bayko"),
    };

    #[test]
    fn a_good_message_passes() {
        assert_eq!(check(GROUP, Some("me"), Some("hi")), []);
        assert_eq!(check(NEW, Some("me"), Some("hi")), []);
        assert_eq!(check(NEW, Some("me"), Some("   ")), []);
    }

    #[test]
    fn codes_are_the_bootcamps_strings() {
        let all = [
            (Code::MessageGroupUuidBlank, "message_group_uuid_blank"),
            (Code::CognitoUserIdBlank, "cognito_user_id_blank"),
            (Code::UserRecieverHandleBlank, "user_reciever_handle_blank"),
            (Code::MessageBlank, "message_blank"),
            (
                Code::MessageExceedMaxChars1024,
                "message_exceed_max_chars_1024",
            ),
        ];
        for (code, text) in all {
            assert_eq!(code.as_str(), text);
        }
    }

    #[test]
    fn each_mode_checks_its_own_destination() {
        assert_eq!(
            check(
                Destination::Group {
                    message_group_uuid: Some("")
                },
                Some("me"),
                Some("x")
            ),
            [Code::MessageGroupUuidBlank]
        );
        assert_eq!(
            check(
                Destination::NewGroup {
                    receiver_handle: None
                },
                Some("me"),
                Some("x")
            ),
            [Code::UserRecieverHandleBlank]
        );
        assert_eq!(
            check(GROUP, Some(""), Some("x")),
            [Code::CognitoUserIdBlank]
        );
    }

    #[test]
    fn every_failure_is_reported_in_the_backends_order() {
        assert_eq!(
            check(
                Destination::Group {
                    message_group_uuid: None
                },
                None,
                None
            ),
            [
                Code::MessageGroupUuidBlank,
                Code::CognitoUserIdBlank,
                Code::MessageBlank
            ]
        );
        assert_eq!(
            check(
                Destination::NewGroup {
                    receiver_handle: Some("")
                },
                None,
                Some("")
            ),
            [
                Code::CognitoUserIdBlank,
                Code::UserRecieverHandleBlank,
                Code::MessageBlank
            ]
        );
    }

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        let at_limit = "é".repeat(MAX_MESSAGE_CHARS);
        assert_eq!(check(GROUP, Some("me"), Some(&at_limit)), []);
        let over = "a".repeat(MAX_MESSAGE_CHARS + 1);
        assert_eq!(
            check(GROUP, Some("me"), Some(&over)),
            [Code::MessageExceedMaxChars1024]
        );
    }
}
