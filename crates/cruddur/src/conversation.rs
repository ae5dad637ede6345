//! Conversations for `ddb seed`: our own built-in sample and the parser for conversation files.
//!
//! The file format is the seed's: one message per line, each starting with `Person 1: ` (the
//! "me" user) or `Person 2: ` (the "other" user). We are a little kinder than the seed's script:
//! blank lines and Windows line endings are tolerated, because editors add them, but any other
//! line is rejected with its 1-based line number so the user can find it, and nothing is written.

use std::fmt;

/// Who wrote a line of a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    /// `Person 1`: the seed's "my" user (`--me`).
    Me,
    /// `Person 2`: the seed's "other" user (`--other`).
    Other,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Which participant wrote it.
    pub speaker: Speaker,
    /// The message as written after `Person N: `, never blank.
    pub text: String,
}

/// Why a conversation could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number in the input; 0 when the input as a whole is at fault.
    pub line: usize,
    /// What is wrong, worded for the user (quotes the start of the offending line).
    pub reason: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "invalid conversation: {}", self.reason)
        } else {
            write!(
                f,
                "invalid conversation, line {}: {}",
                self.line, self.reason
            )
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses a conversation in the `Person 1: ...` / `Person 2: ...` form.
pub fn parse(text: &str) -> Result<Vec<Line>, ParseError> {
    let mut lines = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        let (speaker, rest) = if let Some(rest) = raw.strip_prefix("Person 1:") {
            (Speaker::Me, rest)
        } else if let Some(rest) = raw.strip_prefix("Person 2:") {
            (Speaker::Other, rest)
        } else {
            let shown: String = raw.chars().take(60).collect();
            return Err(ParseError {
                line: number,
                reason: format!("expected 'Person 1: ...' or 'Person 2: ...', found '{shown}'"),
            });
        };
        // The seed writes exactly one space after the colon; take it off and keep the rest
        // verbatim, since leading spaces beyond it could be intended.
        let message = rest.strip_prefix(' ').unwrap_or(rest);
        if message.trim().is_empty() {
            return Err(ParseError {
                line: number,
                reason: "the message is empty".to_string(),
            });
        }
        lines.push(Line {
            speaker,
            text: message.to_string(),
        });
    }
    if lines.is_empty() {
        return Err(ParseError {
            line: 0,
            reason: "no messages".to_string(),
        });
    }
    Ok(lines)
}

/// Our built-in sample: two friends planning a weekend hike. Written for ddb; the bootcamp's own
/// conversation is theirs, not ours to ship.
pub const SAMPLE: &str = "\
Person 1: Are we still on for the ridge hike on Saturday? I just checked the trail report.
Person 2: Absolutely. What does the report say? Last time the upper switchbacks were a mud slide.
Person 1: Dry since Tuesday, and the footbridge over the creek was repaired last month.
Person 2: Great news. Do we start from the lower lot or the ranger station?
Person 1: Lower lot. It adds two miles but the ranger station fills up by seven.
Person 2: Then we should leave town at five thirty at the latest. I can drive.
Person 1: Deal. I will bring coffee in the big thermos so you have no excuse to stop.
Person 2: Ha. How long is the full loop with the detour to the lake?
Person 1: About fourteen miles and three thousand feet of climbing, most of it before the saddle.
Person 2: That is a long day. Should we plan for eight hours with breaks?
Person 1: Eight to nine. Sunset is at seven forty, so we have margin even if we are slow.
Person 2: I want to be off the exposed part of the ridge by two though. Storms build in the afternoon.
Person 1: Good point. The forecast says a thirty percent chance of thunderstorms after three.
Person 2: Then the lake detour happens on the way down, not on the way up.
Person 1: Agreed. Lake on the descent, lunch at the saddle, turnaround time one thirty.
Person 2: What are you packing for water? There is no reliable source above the lake.
Person 1: Three liters plus the filter. We can top up at the lake on the way back.
Person 2: I will carry three as well. Do you still have the spare headlamp?
Person 1: Yes, and fresh batteries in both. I also restocked the first aid kit.
Person 2: Did you replace the blister patches? We used all of them in June.
Person 1: Replaced, plus a roll of tape and a small tube of sunscreen for the ridge.
Person 2: Perfect. I will pack the emergency blanket and the map, in case the phone dies.
Person 1: Print the trail map too. Last time the app lost signal right at the junction.
Person 2: I remember. We walked half a mile down the wrong fork before noticing.
Person 1: And then argued about whose fault it was for another mile.
Person 2: It was definitely yours. You said the cairn was pointing left.
Person 1: The cairn was ambiguous! Anyway, what food are you bringing?
Person 2: Wraps for lunch, trail mix, and those ginger chews that stop me from getting queasy.
Person 1: I will bring dried mango and two of the chocolate bars for the summit.
Person 2: The saddle, you mean. We are not going to the summit with storms in the forecast.
Person 1: Fine, saddle chocolate it is. Should we invite Priya? She asked about hiking last week.
Person 2: Sure, if she is okay with the early start. Does she have boots broken in?
Person 1: She did the canyon trail in April, so I think she is fine on distance.
Person 2: Ask her tonight so she has time to pack. I have room for one more in the car.
Person 1: Will do. What about permits? The lake area needs a day pass now.
Person 2: I bought two passes online. I will add a third if Priya joins.
Person 1: Thank you. Do you know if dogs are allowed? She might want to bring Biscuit.
Person 2: Dogs on leash are fine below the lake, but not on the ridge section.
Person 1: Then Biscuit stays home. He would chase every marmot up there anyway.
Person 2: True. Let us meet at my place at five fifteen and load the car.
Person 1: Five fifteen. I will text you when I am leaving so you can start the coffee.
Person 2: I thought you were bringing the coffee.
Person 1: I am bringing the thermos. The coffee in it is a shared responsibility.
Person 2: Fair. See you Saturday, and check the forecast again Friday night.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_is_long_enough_and_parses() {
        let lines = parse(SAMPLE).unwrap();
        assert!(lines.len() >= 40, "only {} lines", lines.len());
        assert_eq!(lines[0].speaker, Speaker::Me);
        assert_eq!(lines[1].speaker, Speaker::Other);
        assert!(lines[0].text.starts_with("Are we still on"));
    }

    #[test]
    fn speakers_and_text() {
        let lines = parse("Person 1: hi there\nPerson 2: hello\n").unwrap();
        assert_eq!(
            lines,
            vec![
                Line {
                    speaker: Speaker::Me,
                    text: "hi there".into()
                },
                Line {
                    speaker: Speaker::Other,
                    text: "hello".into()
                },
            ]
        );
    }

    #[test]
    fn blank_lines_and_crlf_are_tolerated() {
        let lines = parse("\r\nPerson 1: a\r\n\r\nPerson 2: b\r\n\n").unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "a");
        assert_eq!(lines[1].text, "b");
    }

    #[test]
    fn malformed_line_reports_its_number() {
        let err = parse("Person 1: a\nPerson 2: b\nPerson 3: c\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.to_string().contains("line 3"), "{err}");
        assert!(err.to_string().contains("Person 3"), "{err}");
    }

    #[test]
    fn line_numbers_count_blank_lines() {
        let err = parse("Person 1: a\n\nnonsense\n").unwrap_err();
        assert_eq!(err.line, 3);
    }

    #[test]
    fn empty_message_is_rejected() {
        let err = parse("Person 1: a\nPerson 2: \n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn empty_conversation_is_rejected() {
        let err = parse("\n\n").unwrap_err();
        assert_eq!(err.line, 0);
    }
}
