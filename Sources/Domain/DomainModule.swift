/// Cordon’s domain: signals, rules, incidents, workflows and their store. (Placeholder.)
public enum DomainModule {}
