//! BPMN element types and the type hierarchy the rules ask about (`is(node, 'bpmn:Activity')`).

/// The BPMN 2.0 model namespace.
pub const BPMN_NS: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
/// The BPMN diagram-interchange namespace.
pub const BPMNDI_NS: &str = "http://www.omg.org/spec/BPMN/20100524/DI";
/// The diagram-definition common namespace (`dc:Bounds`).
pub const DC_NS: &str = "http://www.omg.org/spec/DD/20100524/DC";

/// What an element is. Elements of other namespaces (vendor extensions) are `Foreign`;
/// BPMN elements no rule asks about are `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Kind {
    Definitions,
    Process,
    SubProcess,
    AdHocSubProcess,
    Transaction,
    CallActivity,
    Task,
    UserTask,
    ManualTask,
    ServiceTask,
    SendTask,
    ReceiveTask,
    ScriptTask,
    BusinessRuleTask,
    StartEvent,
    EndEvent,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    BoundaryEvent,
    ImplicitThrowEvent,
    ExclusiveGateway,
    InclusiveGateway,
    ParallelGateway,
    ComplexGateway,
    EventBasedGateway,
    SequenceFlow,
    MessageFlow,
    Collaboration,
    Participant,
    LaneSet,
    ChildLaneSet,
    Lane,
    FlowNodeRef,
    DataObject,
    DataObjectReference,
    DataStoreReference,
    DataInput,
    DataOutput,
    IoSpecification,
    TextAnnotation,
    Association,
    Group,
    Message,
    Error,
    Escalation,
    Signal,
    EventDefinition(EventDefinition),
    Incoming,
    Outgoing,
    ConditionExpression,
    Condition,
    Documentation,
    ExtensionElements,
    Performer,
    Diagram,
    Plane,
    Shape,
    Edge,
    Bounds,
    Other,
    Foreign,
}

/// The kinds of event definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum EventDefinition {
    Message,
    Timer,
    Error,
    Escalation,
    Signal,
    Conditional,
    Link,
    Compensate,
    Terminate,
    Cancel,
}

impl Kind {
    /// The kind of a BPMN-namespace element named `local`.
    #[must_use]
    pub fn bpmn(local: &str) -> Self {
        use EventDefinition as D;
        match local {
            "definitions" => Self::Definitions,
            "process" => Self::Process,
            "subProcess" => Self::SubProcess,
            "adHocSubProcess" => Self::AdHocSubProcess,
            "transaction" => Self::Transaction,
            "callActivity" => Self::CallActivity,
            "task" => Self::Task,
            "userTask" => Self::UserTask,
            "manualTask" => Self::ManualTask,
            "serviceTask" => Self::ServiceTask,
            "sendTask" => Self::SendTask,
            "receiveTask" => Self::ReceiveTask,
            "scriptTask" => Self::ScriptTask,
            "businessRuleTask" => Self::BusinessRuleTask,
            "startEvent" => Self::StartEvent,
            "endEvent" => Self::EndEvent,
            "intermediateCatchEvent" => Self::IntermediateCatchEvent,
            "intermediateThrowEvent" => Self::IntermediateThrowEvent,
            "boundaryEvent" => Self::BoundaryEvent,
            "implicitThrowEvent" => Self::ImplicitThrowEvent,
            "exclusiveGateway" => Self::ExclusiveGateway,
            "inclusiveGateway" => Self::InclusiveGateway,
            "parallelGateway" => Self::ParallelGateway,
            "complexGateway" => Self::ComplexGateway,
            "eventBasedGateway" => Self::EventBasedGateway,
            "sequenceFlow" => Self::SequenceFlow,
            "messageFlow" => Self::MessageFlow,
            "collaboration" => Self::Collaboration,
            "participant" => Self::Participant,
            "laneSet" => Self::LaneSet,
            "childLaneSet" => Self::ChildLaneSet,
            "lane" => Self::Lane,
            "flowNodeRef" => Self::FlowNodeRef,
            "dataObject" => Self::DataObject,
            "dataObjectReference" => Self::DataObjectReference,
            "dataStoreReference" => Self::DataStoreReference,
            "dataInput" => Self::DataInput,
            "dataOutput" => Self::DataOutput,
            "ioSpecification" => Self::IoSpecification,
            "textAnnotation" => Self::TextAnnotation,
            "association" => Self::Association,
            "group" => Self::Group,
            "message" => Self::Message,
            "error" => Self::Error,
            "escalation" => Self::Escalation,
            "signal" => Self::Signal,
            "messageEventDefinition" => Self::EventDefinition(D::Message),
            "timerEventDefinition" => Self::EventDefinition(D::Timer),
            "errorEventDefinition" => Self::EventDefinition(D::Error),
            "escalationEventDefinition" => Self::EventDefinition(D::Escalation),
            "signalEventDefinition" => Self::EventDefinition(D::Signal),
            "conditionalEventDefinition" => Self::EventDefinition(D::Conditional),
            "linkEventDefinition" => Self::EventDefinition(D::Link),
            "compensateEventDefinition" => Self::EventDefinition(D::Compensate),
            "terminateEventDefinition" => Self::EventDefinition(D::Terminate),
            "cancelEventDefinition" => Self::EventDefinition(D::Cancel),
            "incoming" => Self::Incoming,
            "outgoing" => Self::Outgoing,
            "conditionExpression" => Self::ConditionExpression,
            "condition" => Self::Condition,
            "documentation" => Self::Documentation,
            "extensionElements" => Self::ExtensionElements,
            "performer" | "humanPerformer" | "potentialOwner" => Self::Performer,
            _ => Self::Other,
        }
    }

    /// The kind of a BPMNDI or DC element named `local`.
    #[must_use]
    pub fn diagram(local: &str) -> Self {
        match local {
            "BPMNDiagram" => Self::Diagram,
            "BPMNPlane" => Self::Plane,
            "BPMNShape" => Self::Shape,
            "BPMNEdge" => Self::Edge,
            "Bounds" => Self::Bounds,
            _ => Self::Other,
        }
    }

    /// `bpmn:SubProcess` (ad-hoc sub-processes and transactions included).
    #[must_use]
    pub fn is_sub_process(self) -> bool {
        matches!(self, Self::SubProcess | Self::AdHocSubProcess | Self::Transaction)
    }

    /// `bpmn:FlowElementsContainer`: processes and sub-processes.
    #[must_use]
    pub fn is_container(self) -> bool {
        self == Self::Process || self.is_sub_process()
    }

    /// `bpmn:Task` and its specialisations.
    #[must_use]
    pub fn is_task(self) -> bool {
        matches!(
            self,
            Self::Task
                | Self::UserTask
                | Self::ManualTask
                | Self::ServiceTask
                | Self::SendTask
                | Self::ReceiveTask
                | Self::ScriptTask
                | Self::BusinessRuleTask
        )
    }

    /// `bpmn:Activity`: tasks, sub-processes and call activities.
    #[must_use]
    pub fn is_activity(self) -> bool {
        self.is_task() || self.is_sub_process() || self == Self::CallActivity
    }

    /// `bpmn:Event`.
    #[must_use]
    pub fn is_event(self) -> bool {
        self.is_catch_event() || self.is_throw_event()
    }

    /// `bpmn:CatchEvent`.
    #[must_use]
    pub fn is_catch_event(self) -> bool {
        matches!(self, Self::StartEvent | Self::IntermediateCatchEvent | Self::BoundaryEvent)
    }

    /// `bpmn:ThrowEvent`.
    #[must_use]
    pub fn is_throw_event(self) -> bool {
        matches!(self, Self::EndEvent | Self::IntermediateThrowEvent | Self::ImplicitThrowEvent)
    }

    /// `bpmn:Gateway`.
    #[must_use]
    pub fn is_gateway(self) -> bool {
        matches!(
            self,
            Self::ExclusiveGateway
                | Self::InclusiveGateway
                | Self::ParallelGateway
                | Self::ComplexGateway
                | Self::EventBasedGateway
        )
    }

    /// `bpmn:FlowNode`.
    #[must_use]
    pub fn is_flow_node(self) -> bool {
        self.is_activity() || self.is_event() || self.is_gateway()
    }

    /// `bpmn:FlowElement`: what a container's `flowElements` hold.
    #[must_use]
    pub fn is_flow_element(self) -> bool {
        self.is_flow_node()
            || matches!(
                self,
                Self::SequenceFlow | Self::DataObject | Self::DataObjectReference | Self::DataStoreReference
            )
    }

    /// `bpmn:Artifact`.
    #[must_use]
    pub fn is_artifact(self) -> bool {
        matches!(self, Self::TextAnnotation | Self::Association | Self::Group)
    }

    /// Whether the element may carry a `default` flow (activities and exclusive, inclusive
    /// and complex gateways).
    #[must_use]
    pub fn has_default(self) -> bool {
        self.is_activity() || matches!(self, Self::ExclusiveGateway | Self::InclusiveGateway | Self::ComplexGateway)
    }

    /// Whether this is an event definition.
    #[must_use]
    pub fn is_event_definition(self) -> bool {
        matches!(self, Self::EventDefinition(_))
    }
}
