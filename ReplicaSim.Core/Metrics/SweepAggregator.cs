using MathNet.Numerics.Distributions;

namespace ReplicaSim.Metrics;

/// <summary>Per parameter value: each metric's mean, standard deviation and 95 % confidence interval over the seeds (Student t).</summary>
public static class SweepAggregator
{
    public static IReadOnlyList<SweepRow> Aggregate(SweepDefinition definition, IReadOnlyList<SweepRun> runs)
    {
        var k = definition.Seeds;
        var t = k > 1 ? StudentT.InvCDF(0, 1, k - 1, 0.975) : double.NaN;
        var rows = new List<SweepRow>();
        for (var v = 0; v < definition.Values.Count; v++)
        {
            var mine = runs.Where(r => definition.Cell(r.Index).Value == v).OrderBy(r => r.Index).ToList();
            var cells = new List<SweepCell>();
            for (var m = 0; m < SweepMetrics.All.Count; m++)
            {
                var xs = mine.Select(r => r.Metrics[m]).ToArray();
                var mean = xs.Sum() / xs.Length;
                var sd = xs.Length > 1 ? Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Length - 1)) : 0;
                var half = t * sd / Math.Sqrt(xs.Length);
                cells.Add(new SweepCell(mean, sd, mean - half, mean + half, mine[0].Theory[m]));
            }
            rows.Add(new SweepRow(definition.Values[v], cells));
        }
        return rows;
    }
}
