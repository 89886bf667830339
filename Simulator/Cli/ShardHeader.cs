namespace ReplicaSim.Cli;

/// <summary>One shard file as <see cref="ShardSet.Check"/> sees it: which part of how many, of which definition.</summary>
internal sealed record ShardHeader(string Path, string Fingerprint, int Part, int Parts);
