//! Invoking a target with one event, and telling success from failure as Lambda does.
//!
//! - A command gets the event on stdin and the server's address in `AWS_ENDPOINT_URL`; exit 0 is
//!   success and its stdout (if JSON) is the function's response; any other exit, a signal, or
//!   running past the timeout is a function error. This is ddb's own convention: Lambda has no
//!   command form.
//! - A URL is a Lambda Invoke endpoint (AWS, the runtime interface emulator, `sam local
//!   start-lambda`): HTTP 200 is an invocation that ran; it failed when the response has
//!   `X-Amz-Function-Error`, or — because the emulator sends no such header — when the body is an
//!   error object (`errorType` and `errorMessage`), the emulator's timeout text, or empty after a
//!   crash. Any other status is a service error, retried without counting against
//!   MaximumRetryAttempts, as Lambda retries errors that happen before the function runs
//!   (research: stream-triggers.md §3–4).

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::config::Target;

/// What an invocation came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The function ran and returned this response (`None`: an empty or non-JSON response).
    Returned(Option<Value>),
    /// The function ran and failed.
    FunctionError(String),
    /// The function could not be reached or run.
    ServiceError(String),
}

/// What a command target's process is told about where it runs.
#[derive(Debug, Clone)]
pub struct Environment {
    /// The server's URL, for handlers that write back (`AWS_ENDPOINT_URL`).
    pub endpoint: String,
    /// The server's region (`AWS_REGION`).
    pub region: String,
    /// The trigger's name (`DDB_TRIGGER`).
    pub trigger: String,
}

/// Sends `event` to `target`.
pub fn invoke(target: &Target, event: &Value, env: &Environment, timeout: Duration) -> Outcome {
    let body = event.to_string();
    match target {
        Target::Command(args) => run_command(args, body, env, timeout),
        Target::Url(url) => post(url, &body, timeout),
    }
}

fn run_command(args: &[String], body: String, env: &Environment, timeout: Duration) -> Outcome {
    let Some((program, rest)) = args.split_first() else {
        return Outcome::ServiceError("the trigger has an empty command".into());
    };
    let mut command = Command::new(program);
    command
        .args(rest)
        .env("AWS_ENDPOINT_URL", &env.endpoint)
        .env("AWS_REGION", &env.region)
        .env("AWS_DEFAULT_REGION", &env.region)
        .env("DDB_TRIGGER", &env.trigger)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // A handler written for AWS wants credentials to sign with; ddb accepts any.
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
        command
            .env("AWS_ACCESS_KEY_ID", "ddb-trigger")
            .env("AWS_SECRET_ACCESS_KEY", "ddb-trigger");
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => return Outcome::ServiceError(format!("cannot run {program}: {e}")),
    };
    // Stdin, stdout and stderr each on their own thread, so that a handler that writes before it
    // has read everything never deadlocks with us.
    let stdin = child.stdin.take();
    let writer = thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            let _ = stdin.write_all(body.as_bytes());
        }
    });
    let stdout = child.stdout.take().map(drain);
    let stderr = child.stderr.take().map(drain);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => thread::sleep(Duration::from_millis(2)),
            Err(e) => return Outcome::ServiceError(format!("waiting for {program}: {e}")),
        }
    };
    let Some(status) = status else {
        // Not waiting for the output threads: a process the handler started may still hold its
        // pipes open.
        return Outcome::FunctionError(format!(
            "Task timed out after {:.2} seconds",
            timeout.as_secs_f64()
        ));
    };
    let _ = writer.join();
    let out = stdout.and_then(|h| h.join().ok()).unwrap_or_default();
    let err = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
    match status {
        s if s.success() => Outcome::Returned(serde_json::from_slice(&out).ok()),
        s => {
            let tail = String::from_utf8_lossy(&err);
            let tail = tail.trim();
            let tail = &tail[tail.len().saturating_sub(500)..];
            Outcome::FunctionError(format!("{program} exited with {s}: {tail}"))
        }
    }
}

fn drain<R: Read + Send + 'static>(mut source: R) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = source.read_to_end(&mut bytes);
        bytes
    })
}

fn post(url: &str, body: &str, timeout: Duration) -> Outcome {
    let agent = ureq::AgentBuilder::new().timeout(timeout).build();
    let response = agent
        .post(url)
        .set("Content-Type", "application/json")
        .set("X-Amz-Invocation-Type", "RequestResponse")
        .send_string(body);
    let response = match response {
        Ok(r) => r,
        Err(ureq::Error::Status(code, r)) => {
            let text = r.into_string().unwrap_or_default();
            return Outcome::ServiceError(format!("HTTP {code} from {url}: {text}"));
        }
        Err(e) => return Outcome::ServiceError(format!("{url}: {e}")),
    };
    let function_error = response.header("X-Amz-Function-Error").map(str::to_string);
    let text = match response.into_string() {
        Ok(t) => t,
        Err(e) => return Outcome::ServiceError(format!("reading the answer of {url}: {e}")),
    };
    if let Some(kind) = function_error {
        return Outcome::FunctionError(format!("{kind}: {text}"));
    }
    classify_body(&text)
}

/// An Invoke answer of HTTP 200 without `X-Amz-Function-Error`: an error object, the emulator's
/// timeout text or an empty body (a crashed runtime) still mean the function failed.
fn classify_body(text: &str) -> Outcome {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Outcome::FunctionError("the function returned an empty response (crashed?)".into());
    }
    if trimmed.starts_with("Task timed out after") {
        return Outcome::FunctionError(trimmed.into());
    }
    match serde_json::from_str::<Value>(trimmed) {
        Ok(v) if v.get("errorType").is_some() && v.get("errorMessage").is_some() => {
            Outcome::FunctionError(format!("{}: {}", v["errorType"], v["errorMessage"]))
        }
        Ok(v) => Outcome::Returned(Some(v)),
        Err(_) => Outcome::Returned(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn env() -> Environment {
        Environment {
            endpoint: "http://127.0.0.1:1".into(),
            region: "us-east-1".into(),
            trigger: "t".into(),
        }
    }

    fn sh(line: &str) -> Target {
        Target::Command(vec!["sh".into(), "-c".into(), line.into()])
    }

    #[test]
    fn a_command_reads_the_event_and_answers_on_stdout() {
        let out = invoke(
            &sh("cat"),
            &json!({"Records": [1]}),
            &env(),
            Duration::from_secs(5),
        );
        assert_eq!(out, Outcome::Returned(Some(json!({"Records": [1]}))));
        let out = invoke(
            &sh("echo $AWS_ENDPOINT_URL >&2; exit 3"),
            &json!({}),
            &env(),
            Duration::from_secs(5),
        );
        assert!(matches!(out, Outcome::FunctionError(m) if m.contains("http://127.0.0.1:1")));
        let out = invoke(
            &sh("sleep 5"),
            &json!({}),
            &env(),
            Duration::from_millis(200),
        );
        assert!(matches!(out, Outcome::FunctionError(m) if m.starts_with("Task timed out")));
        let missing = Target::Command(vec!["/nonexistent/handler".into()]);
        assert!(matches!(
            invoke(&missing, &json!({}), &env(), Duration::from_secs(1)),
            Outcome::ServiceError(_)
        ));
    }

    #[test]
    fn emulator_answers_that_hide_a_function_error_are_failures() {
        assert!(matches!(
            classify_body(r#"{"errorMessage":"boom","errorType":"Exception","stackTrace":[]}"#),
            Outcome::FunctionError(_)
        ));
        assert!(matches!(
            classify_body("Task timed out after 3.00 seconds"),
            Outcome::FunctionError(_)
        ));
        assert!(matches!(classify_body(""), Outcome::FunctionError(_)));
        assert_eq!(classify_body("null"), Outcome::Returned(Some(Value::Null)));
        assert_eq!(classify_body("ok"), Outcome::Returned(None));
    }
}
