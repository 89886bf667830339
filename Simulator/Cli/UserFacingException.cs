namespace ReplicaSim.Cli;

/// <summary>A failure whose message is meant for the user as it stands: printed without a stack trace, exit code 1.</summary>
public sealed class UserFacingException(string message) : Exception(message);

/// <summary>
/// An option given a value the command line itself rules out (out of its range, not in its form), whatever the
/// scenario: bad usage, exit code 2, printed without a stack trace like a parse error.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
