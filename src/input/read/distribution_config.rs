//! `aws cloudfront get-distribution-config`: the output does not name its distribution; the
//! command line's `--id` does, else the file's name.

use super::distributions::distribution_of;
use super::{optional_object, shape, site, Fault, Origin};
use crate::json::Value;
use crate::model::{Located, Model};

pub(super) fn read(doc: u32, value: &Value, model: &mut Model, context: &mut Origin) -> Result<(), Fault> {
    let config = optional_object(value, "DistributionConfig")?
        .ok_or_else(|| shape(value, "`DistributionConfig` should be an object"))?;
    let Some(name) = context.name("--id") else {
        let remark = "which distribution? this output does not name its distribution, so it is not reviewed: give \
                      the file the distribution's id (`E1A2B3C4D5.json`) or collect it with the snapshot script";
        context.remarks.push((remark.to_string(), site(doc, value)));
        return Ok(());
    };
    let id = Located { value: name, site: site(doc, config) };
    let distribution = distribution_of(doc, config, id, None)?;
    model.distributions.insert(&distribution.id.value.clone(), distribution);
    Ok(())
}
