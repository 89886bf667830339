using System.Text;
using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>Writes <c>timeline.csv</c>: one row per time bucket.</summary>
public static class TimelineCsv
{
    public static string Write(RunSummary s)
    {
        var t = s.Timeline;
        var sb = new StringBuilder();
        sb.Append("bucket_start_s,bucket_end_s,requests,ok,missing,stale,error,writes_acknowledged,writes_lost,writes_acknowledged_total,writes_lost_total,")
          .Append("latency_p50_ms,latency_p99_ms,containers_running,healthy_targets,database_up,records_shared");
        for (var slot = 1; slot <= t.SlotRecords.Count; slot++)
        {
            sb.Append(",records_replica_").Append(slot);
        }
        sb.Append('\n');
        long ackTotal = 0, lostTotal = 0;
        var shared = s.Scenario.Storage.Kind != StorageKind.SqlitePerContainer;
        for (var b = 0; b < t.Count; b++)
        {
            ackTotal += t.Acknowledged[b];
            lostTotal += t.Lost[b];
            var end = Math.Min(t.StartSeconds(b + 1), s.SimulatedSeconds);
            sb.Append(Format.Number(t.StartSeconds(b), 3)).Append(',')
              .Append(Format.Number(end, 3)).Append(',')
              .Append(t.Requests(b)).Append(',')
              .Append(t.Outcomes(Outcome.Ok)[b]).Append(',')
              .Append(t.Outcomes(Outcome.Missing)[b]).Append(',')
              .Append(t.Outcomes(Outcome.Stale)[b]).Append(',')
              .Append(t.Outcomes(Outcome.Error)[b]).Append(',')
              .Append(t.Acknowledged[b]).Append(',')
              .Append(t.Lost[b]).Append(',')
              .Append(ackTotal).Append(',')
              .Append(lostTotal).Append(',')
              .Append(Latency(t.LatencyQuantileMs(b, 0.5))).Append(',')
              .Append(Latency(t.LatencyQuantileMs(b, 0.99))).Append(',')
              .Append(t.Running[b]).Append(',')
              .Append(t.Healthy[b]).Append(',')
              .Append(shared || s.Scenario.Storage.Kind == StorageKind.Shared ? (t.DatabaseUp[b] ? "1" : "0") : "").Append(',')
              .Append(shared ? t.SharedRecords[b].ToString(Format.Invariant) : "");
            foreach (var slot in t.SlotRecords)
            {
                sb.Append(',').Append(shared ? "" : slot[b].ToString(Format.Invariant));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Latency(double ms) => double.IsNaN(ms) ? "" : Format.Number(ms, 3);
}
