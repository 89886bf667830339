namespace ReplicaSim.Scenarios;

/// <summary>Why a text cannot be read as a scenario document, at one line and column (1-based), with the JSON path when known.</summary>
public sealed record JsonTextProblem(int Line, int Column, string Path, string Message);
