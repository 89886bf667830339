using System.Text.Json;
using ReplicaSim.Metrics;

namespace ReplicaSim.Reporting;

/// <summary>Writes comparison.json: every variant's summary side by side, in the order given.</summary>
public static class ComparisonJson
{
    public static byte[] Write(string title, IReadOnlyList<RunSummary> runs)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("comparison", title);
            w.WriteNumber("seed", runs.Count > 0 ? runs[0].Scenario.Seed : 0);
            w.WriteStartArray("variants");
            foreach (var r in runs)
            {
                w.WriteStartObject();
                w.WriteString("name", Charts.VariantName(r));
                w.WriteString("architecture", SummaryTable.Architecture(r.Scenario));
                w.WritePropertyName("summary");
                SummaryJson.WriteObject(w, r);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (OperationsTable.Applies(runs))
            {
                // Cheapest first by cost.totalUsd (infrastructure + the team's time).
                w.WriteStartArray("rankedByTotal");
                foreach (var r in OperationsTable.RankedByTotal(runs))
                {
                    w.WriteStringValue(Charts.VariantName(r));
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }
}
