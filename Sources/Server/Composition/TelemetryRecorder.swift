import Domain

/// The Server's side of Domain's `DomainTelemetry` port: every event becomes one JSON log line carrying
/// `incident_id`, and a step's final outcome is observed in `cordon_workflow_step_duration_seconds`.
struct TelemetryRecorder: DomainTelemetry {
    /// Where the lines go.
    let logger: JSONLineLogger
    /// Where step durations go.
    let metrics: CordonMetrics

    /// Logs `event` and feeds the metrics it carries.
    func record(_ event: TelemetryEvent) {
        switch event {
        case .incidentOpened(let id, let target, let playbook, let mode, let actor):
            logger.info("incident opened", ["incident_id": .string(id), "target": .string(target),
                                            "playbook": .string(playbook.rawValue), "mode": .string(mode.rawValue),
                                            "actor": .string(actor)])
        case .stepSucceeded(let id, let step, let attempts, let seconds):
            metrics.recordStep(step, status: .succeeded, seconds: seconds)
            logger.info("step succeeded", ["incident_id": .string(id), "step": .string(step.rawValue),
                                           "attempts": .int(attempts), "seconds": .double(seconds)])
        case .stepFailed(let id, let step, let attempts, let seconds, let error, let willRetry):
            // A failure that will be retried is not the step's outcome yet: logged, not observed.
            if !willRetry { metrics.recordStep(step, status: .failed, seconds: seconds) }
            logger.log(willRetry ? .info : .warning, willRetry ? "step failed, retrying" : "step failed", [
                "incident_id": .string(id), "step": .string(step.rawValue), "attempts": .int(attempts),
                "seconds": .double(seconds), "error": .string(error),
            ])
        case .workflowFinished(let id, let status):
            logger.log(status == .failed ? .warning : .info, "workflow finished",
                       ["incident_id": .string(id), "status": .string(status.rawValue)])
        case .workflowResumed(let id):
            logger.info("workflow resumed", ["incident_id": .string(id)])
        case .checkpointFailed(let error):
            logger.warning("journal checkpoint failed", ["error": .string(error)])
        }
    }
}
