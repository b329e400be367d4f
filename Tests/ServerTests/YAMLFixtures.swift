import Domain

/// Config documents for the YAML reader's tests: one realistic config written both as YAML and as JSON, and a
/// seeded generator for the mutation test.
enum YAMLFixtures {
    /// A full config in YAML: settings at two levels, and rules with nested lists in block and flow style,
    /// quoted, folded and commented values. `realisticJSON` is the same config.
    static let realisticYAML = """
        # Cordon config for the production account.
        ---
        host: 0.0.0.0
        port: 9443
        dataDir: "/var/lib/cordon"
        responder: 'soc-team'
        forensics:
          amiId: ami-0123456789abcdef0   # hardened forensic image
          instanceType: m5.xlarge
          subnetId: subnet-0123456789abcdef0
          securityGroupId: sg-0fedcba9876543210
        aws: {maxConcurrentCalls: 8, callsPerSecond: 15}
        safety:
          requiredApprovals: 2
          approvalTtlSeconds: 1800
          exemptResources: >-
            i-0123456789abcdef0,i-0fedcba9876543210,break-glass-admin

        rules:
        - name: high-severity-finding-on-instance
          sources: [guardduty, securityhub]
          minSeverity: 7.5
          requiresResource: instance
          action: open
          playbook: contain-instance
          mode: automatic
        - name: exposed-access-key
          sources:
            - trustedAdvisor
            - health
          kinds:
            - Exposed Access Keys
            - AWS_RISK_CREDENTIALS_EXPOSED
          requiresResource: accessKey
          action: open
          playbook: contain-access-key
          mode: automatic
        -   name: "cloudtrail-logging-tampered"
            sources: [cloudtrail]
            kinds: [StopLogging, DeleteTrail,
                    'UpdateTrail', PutEventSelectors]
            action: open
            playbook: triage
        - name: guardduty-recon
          sources: [guardduty]
          kinds: ["Recon:EC2/*", "*:EC2/PortProbe*"]
          action: ignore
        - {name: root-console-sign-in, sources: [cloudtrail], kinds: [ConsoleLogin], principalType: Root,
           action: open, playbook: triage, mode: awaitingApproval}
        ...
        """

    /// `realisticYAML` in JSON.
    static let realisticJSON = """
        {"host": "0.0.0.0", "port": 9443, "dataDir": "/var/lib/cordon", "responder": "soc-team",
         "forensics": {"amiId": "ami-0123456789abcdef0", "instanceType": "m5.xlarge",
                       "subnetId": "subnet-0123456789abcdef0", "securityGroupId": "sg-0fedcba9876543210"},
         "aws": {"maxConcurrentCalls": 8, "callsPerSecond": 15},
         "safety": {"requiredApprovals": 2, "approvalTtlSeconds": 1800,
                    "exemptResources": "i-0123456789abcdef0,i-0fedcba9876543210,break-glass-admin"},
         "rules": [
           {"name": "high-severity-finding-on-instance", "sources": ["guardduty", "securityhub"], "minSeverity": 7.5,
            "requiresResource": "instance", "action": "open", "playbook": "contain-instance", "mode": "automatic"},
           {"name": "exposed-access-key", "sources": ["trustedAdvisor", "health"],
            "kinds": ["Exposed Access Keys", "AWS_RISK_CREDENTIALS_EXPOSED"], "requiresResource": "accessKey",
            "action": "open", "playbook": "contain-access-key", "mode": "automatic"},
           {"name": "cloudtrail-logging-tampered", "sources": ["cloudtrail"],
            "kinds": ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"], "action": "open", "playbook": "triage"},
           {"name": "guardduty-recon", "sources": ["guardduty"], "kinds": ["Recon:EC2/*", "*:EC2/PortProbe*"], "action": "ignore"},
           {"name": "root-console-sign-in", "sources": ["cloudtrail"], "kinds": ["ConsoleLogin"], "principalType": "Root",
            "action": "open", "playbook": "triage", "mode": "awaitingApproval"}
         ]}
        """

    /// Documents that use every supported construct, the seeds of the mutation test.
    static let mutationSeeds = [
        realisticYAML,
        "a:\n  b: [1, {c: 'd''e', f: \"g\\u00e9\\n\"}, ]\n  h: |+\n    literal\n\n  i: >2-\n     folded\n    text\n",
        "- - x\n  - y\n- k: v\n  l:\n  - 0x1F\n  - .5\n- \"multi\n  line\"\n",
    ]
}
