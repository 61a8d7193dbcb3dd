//! E-government rules on small models.

use serde_json::{Value, json};

use super::rule;
use crate::artifacts::ArtifactRoot;
use crate::bpmn::lint::Report;
use crate::bpmn::model::Model;

fn run(name: &str, options: &Value, body: &str) -> Vec<(String, String)> {
    let xml = format!(
        r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:c="urn:conform" id="D">{body}</definitions>"#
    );
    let (model, _) = Model::parse(xml.as_bytes()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("held-documents.csv"),
        "code,name,holder,aliases\nBIRTH,Birth certificate,the civil registry,extract of birth\n",
    )
    .unwrap();
    let check =
        rule(name).unwrap()(options, &ArtifactRoot::Directory(dir.path().to_owned())).unwrap_or_else(|e| panic!("{e}"));
    let mut out: Vec<Report> = Vec::new();
    check(&model, &mut out);
    out.into_iter().map(|r| (model.id(r.element).to_owned(), r.message)).collect()
}

fn ids(reports: &[(String, String)]) -> Vec<&str> {
    reports.iter().map(|(id, _)| id.as_str()).collect()
}

#[test]
fn responsible_unit_accepts_named_lanes_and_performers() {
    let body = r#"<process id="P"><laneSet><lane id="L" name="Licensing desk"><flowNodeRef>T1</flowNodeRef></lane>
        <lane id="L2"><flowNodeRef>T3</flowNodeRef></lane></laneSet>
        <userTask id="T1"/><userTask id="T2"><humanPerformer/></userTask><manualTask id="T3"/><task id="T4"/></process>"#;
    assert_eq!(ids(&run("responsible-unit", &Value::Null, body)), ["T3"]);
    assert_eq!(ids(&run("responsible-unit", &json!({"include-plain-tasks": true}), body)), ["T3", "T4"]);
}

#[test]
fn time_limit_reads_properties_and_timers() {
    let body = r#"<process id="P"><userTask id="T1"/><userTask id="T2"/><userTask id="T3">
        <extensionElements><c:properties><c:property name="timeLimit" value="P90D"/></c:properties></extensionElements></userTask>
        <boundaryEvent id="B" attachedToRef="T2"><timerEventDefinition><timeDuration>P4W</timeDuration></timerEventDefinition></boundaryEvent>
        </process>"#;
    let reports = run("time-limit", &Value::Null, body);
    assert_eq!(ids(&reports), ["T1", ""], "{reports:?}");
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert!(reports[1].1.contains("exceeds the statutory maximum of 56 days"));
    let declared = r#"<process id="P"><extensionElements><c:timeLimit>P20D</c:timeLimit></extensionElements><userTask id="T1"/></process>"#;
    assert!(run("time-limit", &Value::Null, declared).is_empty());
    assert_eq!(super::time_limit::duration_days("P1M2DT12H"), Some(32.5));
    assert_eq!(super::time_limit::duration_days("20 days"), None);
}

#[test]
fn citizen_feedback_on_every_path() {
    let body = r#"<process id="P"><startEvent id="S"><outgoing>F1</outgoing></startEvent>
        <exclusiveGateway id="G"><incoming>F1</incoming><outgoing>F2</outgoing><outgoing>F3</outgoing></exclusiveGateway>
        <userTask id="Survey" name="Ask satisfaction"><incoming>F2</incoming><outgoing>F4</outgoing></userTask>
        <endEvent id="E1"><incoming>F4</incoming></endEvent><endEvent id="E2"><incoming>F3</incoming></endEvent>
        <sequenceFlow id="F1" sourceRef="S" targetRef="G"/><sequenceFlow id="F2" sourceRef="G" targetRef="Survey"/>
        <sequenceFlow id="F3" sourceRef="G" targetRef="E2"/><sequenceFlow id="F4" sourceRef="Survey" targetRef="E1"/></process>"#;
    assert_eq!(ids(&run("citizen-feedback", &Value::Null, body)), ["E2"]);
}

#[test]
fn once_only_flags_held_documents() {
    let body = r#"<process id="P"><dataObject id="O1" name="Copy of the birth certificate"/>
        <dataObjectReference id="R1" dataObjectRef="O1"/><dataObject id="O2" name="Floor plan"/>
        <userTask id="T"><ioSpecification><dataInput id="I1" name="Extract of birth"/></ioSpecification></userTask>
        <dataStoreReference id="DS" name="Birth certificate register"/></process>"#;
    assert_eq!(ids(&run("once-only", &Value::Null, body)), ["R1", "I1"]);
}

#[test]
fn named_steps_flags_ids_placeholders_and_scripts() {
    let body = r#"<process id="P"><task id="Activity_0x1y2z3" name="Activity_0x1y2z3"/><task id="T2" name="TODO"/>
        <task id="T3" name="Проверить заявку"/><task id="T4" name="Check the application"/><task id="T5"/></process>"#;
    assert_eq!(ids(&run("named-steps", &Value::Null, body)), ["Activity_0x1y2z3", "T2", "T3"]);
    assert!(ids(&run("named-steps", &json!({"script": "cyrillic", "language": "ru"}), body)).contains(&"T4"));
}
