//! The user's settings file (`config.toml` in the platform config dir, or `--config`):
//! current limit, budget, carrier steps and seasonal priors. Command-line flags win.
//!
//! ```toml
//! current_limit = 300000   # 휴대폰 소액결제
//! content_limit = 100000   # 콘텐츠이용료
//! budget = 200000
//! carrier = "kt"      # kt, skt, lguplus, mvno (알뜰폰)
//! steps = [0, 10000, 30000, 50000, 100000, 150000, 200000, 300000, 500000, 700000, 1000000]
//! [seasons]
//! holiday = 1.3       # a month holding 설날 or 추석
//! family_month = 1.15 # May
//! sale_festa = 1.1    # November
//! year_end = 1.2      # December
//! ```

use crate::analysis::limit::{LimitOptions, DEFAULT_STEPS, LEGAL_MAX};
use crate::analysis::season::Priors;
use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub current_limit: Option<i64>,
    pub content_limit: Option<i64>,
    pub budget: Option<i64>,
    pub steps: Option<Vec<i64>>,
    pub seasons: Option<Priors>,
    /// kt, skt, lguplus or mvno (알뜰폰): whose menus and numbers to show when the
    /// statements' names do not say.
    pub carrier: Option<crate::intake::carrier::Carrier>,
}

impl Config {
    /// Parse and check a config file's text; the error names the field and the reason.
    pub fn parse(text: &str) -> Result<Config, String> {
        let c: Config = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
        for (name, v) in [
            ("current_limit", c.current_limit),
            ("content_limit", c.content_limit),
            ("budget", c.budget),
        ] {
            if let Some(v) = v {
                if !(0..=LEGAL_MAX).contains(&v) && name != "budget" {
                    return Err(format!("{name}: {v} is outside 0..={LEGAL_MAX}"));
                }
                if v < 0 {
                    return Err(format!("{name}: {v} is negative"));
                }
            }
        }
        if let Some(steps) = &c.steps {
            check_steps(steps)?;
        }
        if let Some(p) = &c.seasons {
            for (name, f) in [
                ("holiday", p.holiday),
                ("family_month", p.family_month),
                ("sale_festa", p.sale_festa),
                ("year_end", p.year_end),
            ] {
                if !(1.0..=3.0).contains(&f) {
                    return Err(format!("seasons.{name}: {f} is outside 1.0..=3.0"));
                }
            }
        }
        Ok(c)
    }

    /// The limit options: the file's values, with the limits and the budget from the
    /// command line when given.
    pub fn limit_options(
        &self,
        current_limit: Option<i64>,
        content_limit: Option<i64>,
        budget: Option<i64>,
    ) -> LimitOptions {
        LimitOptions {
            steps: self.steps.clone().unwrap_or_else(|| DEFAULT_STEPS.to_vec()),
            priors: self.seasons.unwrap_or_default(),
            current_limit: current_limit.or(self.current_limit),
            content_limit: content_limit.or(self.content_limit),
            budget: budget.or(self.budget),
            child: false,
        }
    }
}

fn check_steps(steps: &[i64]) -> Result<(), String> {
    if steps.is_empty() {
        return Err("steps: empty".into());
    }
    if steps.windows(2).any(|w| w[0] >= w[1]) {
        return Err("steps: must be in ascending order without repeats".into());
    }
    if steps.iter().any(|s| !(0..=LEGAL_MAX).contains(s)) {
        return Err(format!("steps: each must be within 0..={LEGAL_MAX}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_config_and_flags_winning() {
        let c = Config::parse(
            "current_limit = 300000\ncontent_limit = 50000\nbudget = 150000\nsteps = [0, 50000, 100000]\n[seasons]\nholiday = 1.5\n",
        )
        .unwrap();
        let o = c.limit_options(None, None, None);
        assert_eq!(o.current_limit, Some(300_000));
        assert_eq!(o.content_limit, Some(50_000));
        assert_eq!(o.budget, Some(150_000));
        assert_eq!(o.steps, [0, 50_000, 100_000]);
        assert_eq!(o.priors.holiday, 1.5);
        assert_eq!(o.priors.year_end, Priors::default().year_end);
        let o = c.limit_options(Some(100_000), Some(0), None);
        assert_eq!(o.current_limit, Some(100_000));
        assert_eq!(o.content_limit, Some(0));
    }

    #[test]
    fn bad_values_name_the_field() {
        let e = |t: &str| Config::parse(t).unwrap_err();
        assert_eq!(
            e("current_limit = 2000000"),
            "current_limit: 2000000 is outside 0..=1000000"
        );
        assert_eq!(
            e("content_limit = 1000001"),
            "content_limit: 1000001 is outside 0..=1000000"
        );
        assert_eq!(
            e("steps = [0, 50000, 30000]"),
            "steps: must be in ascending order without repeats"
        );
        assert_eq!(
            e("[seasons]\nyear_end = 0.8"),
            "seasons.year_end: 0.8 is outside 1.0..=3.0"
        );
        assert!(
            e("limit = 3").contains("unknown field `limit`"),
            "{}",
            e("limit = 3")
        );
    }
}
