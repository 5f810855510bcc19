//! The wasm API, run by `wasm-bindgen-test-runner` in Node and, with
//! `WASM_BINDGEN_USE_BROWSER=1`, in headless Chromium. The report it returns must be byte for
//! byte the one the native core (and so `posture check --format json`) produces.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const ADMIN: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{"Sid": "<img src=x onerror=alert(1)>", "Effect": "Allow", "Action": "*", "Resource": "*"}]
}"#;

fn inputs(items: &[(&str, &str)]) -> JsValue {
    let array = Array::new();
    for (name, text) in items {
        let o = Object::new();
        Reflect::set(&o, &"name".into(), &(*name).into()).unwrap();
        Reflect::set(&o, &"text".into(), &(*text).into()).unwrap();
        array.push(&o);
    }
    array.into()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn analyze_returns_the_native_report() {
    let items = [("admin.json", ADMIN), ("broken.json", "{\"Version\": ")];
    let result = posture::wasm::analyze(inputs(&items), JsValue::UNDEFINED);
    let report = get(&result, "report").as_string().unwrap();
    let native = posture::analyze(
        &items.iter().map(|(n, t)| posture::Source::new(*n, *t)).collect::<Vec<_>>(),
        &posture::Options::default(),
    );
    assert_eq!(report, native.to_json());
    assert!(report.contains("\"rule\": \"admin-access\""));
    assert!(report.contains("\"rule\": \"input-not-json\""));
    let ranges = Array::from(&get(&result, "ranges"));
    assert_eq!(ranges.length() as usize, native.findings.len());
    let first = Array::from(&ranges.get(0));
    let start = first.get(0).as_f64().unwrap() as usize;
    assert!(ADMIN[start..].starts_with("{\"Sid\""), "the range starts at the statement");
    let input_ranges = Array::from(&get(&result, "inputRanges"));
    assert!(input_ranges.get(0).is_null());
    assert!(!input_ranges.get(1).is_null());
}

#[wasm_bindgen_test]
fn mistakes_come_back_as_data() {
    let result = posture::wasm::analyze(JsValue::from_str("not an array"), JsValue::UNDEFINED);
    assert!(get(&result, "error").as_string().unwrap().contains("inputs"));
    let options = Object::new();
    Reflect::set(&options, &"config".into(), &"{\"rules\": {\"nope\": {}}}".into()).unwrap();
    let result = posture::wasm::analyze(inputs(&[("a.json", ADMIN)]), options.into());
    assert!(get(&result, "error").as_string().unwrap().contains("nope"));
}

#[wasm_bindgen_test]
fn options_apply() {
    let options = Object::new();
    Reflect::set(&options, &"minSeverity".into(), &"critical".into()).unwrap();
    let text = r#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#;
    let result = posture::wasm::analyze(inputs(&[("a.json", text)]), options.into());
    let report: serde_json::Value = serde_json::from_str(&get(&result, "report").as_string().unwrap()).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
}

#[wasm_bindgen_test]
fn exports_and_rules() {
    posture::wasm::analyze(inputs(&[("admin.json", ADMIN)]), JsValue::UNDEFINED);
    let sarif: serde_json::Value = serde_json::from_str(&posture::wasm::export("sarif")).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "admin-access");
    assert!(posture::wasm::export("csv").starts_with("severity,rule"));
    assert_eq!(posture::wasm::export("yaml"), "");
    let rules: serde_json::Value = serde_json::from_str(&posture::wasm::rules()).unwrap();
    assert_eq!(rules.as_array().unwrap().len(), posture::checks::rules().count());
    assert!(rules[0]["why"].as_str().unwrap().len() > 40);
    assert!(posture::wasm::version().contains("iam-data"));
    assert!(Array::from(&posture::wasm::kinds()).length() > 40);
}
