namespace ReplicaSim.Cli;

/// <summary>A failure whose message is meant for the user as it stands: printed without a stack trace, exit code 1.</summary>
public sealed class UserFacingException(string message) : Exception(message);
