//! Representative ARNs: an ARN template of the catalog filled with a partition, region, account
//! and sample names.

/// A sample value for an ARN placeholder: `TrainingJobName` → `example-training-job-name`,
/// `AIBenchmarkJobName` → `example-ai-benchmark-job-name`.
pub(super) fn sample_value(placeholder: &str) -> String {
    let chars: Vec<char> = placeholder.chars().collect();
    let mut out = String::from("example-");
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars.get(i - 1).copied().unwrap_or('-');
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('-');
            }
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out
}

/// Fills the placeholders of an ARN template.
pub(super) fn fill_arn_template(
    template: &str,
    partition: &str,
    region: &str,
    account: &str,
) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or(""));
        let after = rest.get(start + 2..).unwrap_or("");
        let Some(close) = after.find('}') else {
            out.push_str(rest.get(start..).unwrap_or(""));
            return out;
        };
        let name = after.get(..close).unwrap_or("");
        match name {
            "Partition" => out.push_str(partition),
            "Region" => out.push_str(region),
            "Account" => out.push_str(account),
            _ => out.push_str(&sample_value(name)),
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}
