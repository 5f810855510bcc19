use crate::checks::{declare_check, Reviewed, Runner, Sink};

declare_check! {
    /// Two statements share a Sid.
    ///
    /// ## What it checks
    /// Statements of one policy whose `Sid` values are equal. Each later repeat is reported,
    /// naming the statement that used the `Sid` first.
    ///
    /// ## Why it matters
    /// The `Sid` is how people and tools refer to a statement. IAM rejects duplicates in
    /// some policy types (SQS and SNS resource policies among them); where it accepts them,
    /// a reviewer who fixes "statement `AllowS3`" can change the wrong one, and tools that
    /// merge or diff statements by `Sid` silently drop one of them.
    ///
    /// ## How to fix
    /// Give each statement its own `Sid` that says what it is for:
    /// ```json
    /// [{"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
    ///  {"Sid": "WriteUploads", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::uploads/*"}]
    /// ```
    pub static DUPLICATE_SID = {
        id: "duplicate-sid",
        severity: Low,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

fn check(policy: &Reviewed, sink: &mut Sink) {
    for (i, st) in policy.statements.iter().enumerate() {
        let Some(sid) = st.sid.as_ref().filter(|s| !s.value.is_empty()) else { continue };
        let earlier = policy.statements.iter().take(i).find(|e| e.sid.as_ref().is_some_and(|s| s.value == sid.value));
        if let Some(first) = earlier {
            sink.on_policy(
                &DUPLICATE_SID,
                policy,
                sid.span,
                format!("statement #{} reuses the Sid `{}` of statement #{}", i + 1, sid.value, first.index + 1),
            );
        }
    }
}
