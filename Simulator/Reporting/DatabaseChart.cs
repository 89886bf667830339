using ScottPlot;
using ReplicaSim.Metrics;

namespace ReplicaSim.Reporting;

public static partial class Charts
{
    /// <summary>Colours of the database chart's lines (Okabe-Ito, none an outcome's).</summary>
    private static readonly Color DbLine = Color.FromHex("#0072B2");
    private static readonly Color DbLimit = Color.FromHex("#CC79A7");

    /// <summary>
    /// The database over time, one row per quantity on one time axis, fault windows shaded: the writer's CPU busy,
    /// the most connections open against the server's limit, the CPU credit balance, and with storage I/O the
    /// commits per second against the IOPS and gp2's I/O credit balance, and the volume's space used against its size when
    /// it fills (<c>storage.allocatedGiB</c>). Null when the run models none of these.
    /// </summary>
    public static Multiplot? Database(RunSummary s)
    {
        if (s.Timeline.Database is not { } series || s.Database is not { } db)
        {
            return null;
        }
        var unit = TimeUnit.For(s.SimulatedSeconds);
        var t = s.Timeline;
        var xs = Enumerable.Range(0, t.Count).Select(b => Math.Min(t.StartSeconds(b + 1), s.SimulatedSeconds) / unit.Seconds).ToArray();
        var mids = Enumerable.Range(0, t.Count).Select(b => (t.StartSeconds(b) + Math.Min(t.StartSeconds(b + 1), s.SimulatedSeconds)) / 2 / unit.Seconds).ToArray();
        var plots = new List<Plot>();
        var ic = s.Scenario.Storage.InstanceClass;
        if (series.CpuBusy is { } busy)
        {
            var plot = NewPlot($"Writer CPU busy ({ic.Name}, {ic.Vcpus} vCPUs)", titleSize: 28);
            Line(plot, mids, [.. busy.Select(v => v * 100)], DbLine, "vCPUs busy (at the speed they run)", 3);
            var hl = plot.Add.HorizontalLine(100, 2, DbLimit, LinePattern.Solid);
            hl.LegendText = "all vCPUs busy";
            if (ic.Burstable && s.Scenario.Storage.CpuCredits.Standard)
            {
                var bl = plot.Add.HorizontalLine(ic.BaselinePerVcpu * 100, 2, Palette.FaultText, LinePattern.Solid);
                bl.LegendText = $"baseline {Format.Percent(ic.BaselinePerVcpu)} (without credits)";
            }
            Finish(plot, s, unit, 125, "% of vCPU time");
            MarkOutageParts(plot, s, unit, legend: plots.Count == 0);
            plots.Add(plot);
        }
        if (db.Limits is { } limits)
        {
            var plot = NewPlot("Connections open at the server (most at once)", titleSize: 28);
            var ys = series.Connections.Select(v => (double)v).ToArray();
            Line(plot, xs, ys, DbLine, "connections open", 3);
            if (db.Resized.Count == 0)
            {
                var hl = plot.Add.HorizontalLine(limits.MaxConnections, 2, DbLimit, LinePattern.Solid);
                hl.LegendText = $"maxConnections {Format.Integer(limits.MaxConnections)}";
            }
            else
            {
                // The limit follows the instance class: a step at each scale-database.
                var end = s.SimulatedSeconds / unit.Seconds;
                var stepX = new List<double> { 0 };
                var stepY = new List<double> { db.Resized[0].MaxConnectionsBefore };
                foreach (var r in db.Resized)
                {
                    stepX.Add(r.AtSeconds / unit.Seconds);
                    stepY.Add(stepY[^1]);
                    stepX.Add(r.AtSeconds / unit.Seconds);
                    stepY.Add(r.MaxConnectionsAfter);
                }
                stepX.Add(end);
                stepY.Add(stepY[^1]);
                var limitLine = plot.Add.ScatterLine(stepX.ToArray(), stepY.ToArray(), DbLimit);
                limitLine.LineWidth = 2;
                limitLine.LegendText = $"maxConnections ({Format.Integer(db.Resized[0].MaxConnectionsBefore)} -> {Format.Integer(limits.MaxConnections)}, follows the instance class)";
            }
            var top = Math.Max(1, Math.Max(ys.DefaultIfEmpty(0).Max(), Math.Max(limits.MaxConnections, db.Resized.Count > 0 ? db.Resized.Max(r => r.MaxConnectionsBefore) : 0))) * 1.25;
            Finish(plot, s, unit, top, "connections");
            MarkOutageParts(plot, s, unit, legend: plots.Count == 0);
            plots.Add(plot);
        }
        if (series.CpuCredits is { } credits)
        {
            var plot = NewPlot($"CPU credit balance ({db.Limits?.CreditMode} mode)", titleSize: 28);
            Line(plot, xs, credits, DbLine, "CPU credits (vCPU-minutes)", 3);
            var min = Math.Min(0, credits.DefaultIfEmpty(0).Min());
            var top = Math.Max(1, credits.DefaultIfEmpty(0).Max()) * 1.25;
            Finish(plot, s, unit, top, "vCPU-minutes");
            MarkOutageParts(plot, s, unit, legend: plots.Count == 0);
            if (min < 0)
            {
                // Unlimited mode borrows past zero (the surplus is billed).
                plot.Axes.SetLimitsY(min * 1.25, top);
            }
            plots.Add(plot);
        }
        if (db.StorageIo is { } io)
        {
            var plot = NewPlot($"Commits and the volume's IOPS ({io.StorageType}, {Format.Integer(io.AllocatedGiB)} GiB)", titleSize: 28);
            var perSecond = t.Acknowledged.Select(v => v / t.Bucket.TotalSeconds).ToArray();
            Line(plot, mids, perSecond, DbLine, "writes acknowledged per second", 3);
            var bursts = io.PeakIops > io.BaselineIops;
            var hl = plot.Add.HorizontalLine(io.BaselineIops, 2, DbLimit, LinePattern.Solid);
            hl.LegendText = bursts ? $"baseline {Format.Integer(io.BaselineIops)} IOPS" : $"{Format.Integer(io.BaselineIops)} IOPS";
            // Scaled to the commits and the baseline; gp2's burst is drawn only when the commits come near it.
            var most = perSecond.DefaultIfEmpty(0).Max();
            var top = Math.Max(1, Math.Max(most, io.BaselineIops)) * 1.25;
            if (bursts)
            {
                if (most * 2 >= io.PeakIops)
                {
                    top = Math.Max(top, io.PeakIops * 1.25);
                }
                var peak = plot.Add.HorizontalLine(io.PeakIops, 2, Palette.FaultText, LinePattern.Solid);
                peak.LegendText = io.PeakIops * 1.0 <= top ? $"burst {Format.Integer(io.PeakIops)} IOPS" : $"burst {Format.Integer(io.PeakIops)} IOPS (above the chart)";
            }
            Finish(plot, s, unit, top, "per second");
            MarkOutageParts(plot, s, unit, legend: plots.Count == 0);
            plots.Add(plot);
        }
        if (series.IoCredits is { } ioCredits)
        {
            var plot = NewPlot("gp2 I/O credit balance", titleSize: 28);
            Line(plot, xs, [.. ioCredits.Select(v => v / 1e6)], DbLine, "I/O credits (millions)", 3);
            Finish(plot, s, unit, Model.StorageVolume.Gp2BucketCredits / 1e6 * 1.25, "millions of I/O credits");
            MarkOutageParts(plot, s, unit, legend: plots.Count == 0);
            plots.Add(plot);
        }
        if (series.VolumeUsedGiB is { } used && series.VolumeAllocatedGiB is { } allocated && db.Volume is { } vol)
        {
            var plot = NewPlot($"Database volume: space used and allocated ({(vol.Autoscaling ? "storage autoscaling" : "grown by hand")})", titleSize: 28);
            Line(plot, xs, used, DbLine, "space used by records (GiB)", 3);
            Line(plot, xs, allocated, DbLimit, "allocated (GiB)", 3);
            // Autoscaling's trigger (and a sensible alert): at most 10 % free.
            Line(plot, xs, [.. allocated.Select(a => a * 0.9)], Palette.FaultText, "90 % of allocated (10 % free)", 2);
            Finish(plot, s, unit, Math.Max(1, allocated.DefaultIfEmpty(0).Max()) * 1.25, "GiB");
            MarkOutageParts(plot, s, unit, legend: plots.Count == 0);
            plots.Add(plot);
        }
        if (plots.Count == 0)
        {
            return null;
        }
        for (var i = 0; i < plots.Count; i++)
        {
            // One width for every row's left axis, so that the rows' time axes line up.
            plots[i].Axes.Left.MinimumSize = 130;
            if (i < plots.Count - 1)
            {
                plots[i].XLabel("");
            }
        }
        return Combine(plots, new ScottPlot.MultiplotLayouts.Rows());
    }

    /// <summary>A writer outage's DNS part: new connections still went to the old address (Okabe-Ito sky blue, pale).</summary>
    internal static readonly Color OutageDns = Color.FromHex("#56B4E9").WithAlpha(0.3);

    /// <summary>A writer outage's backlog part: the hung attempts and the queues behind them drain (Okabe-Ito yellow, pale).</summary>
    internal static readonly Color OutageBacklog = Color.FromHex("#F0E442").WithAlpha(0.45);

    /// <summary>
    /// After each writer outage's failover (the fault's own shaded window), its DNS part and its backlog part
    /// (<c>summary.json</c> <c>database.outages[]</c>), shaded each in its colour with one legend entry (when <paramref name="legend"/>): why the
    /// outage outlasts the failover. Nothing when the run has no such outage (the server's limits not modelled).
    /// </summary>
    private static void MarkOutageParts(Plot plot, RunSummary s, TimeUnit unit, bool legend = true)
    {
        if (s.Database is not { Outages.Count: > 0 } db)
        {
            return;
        }
        bool dnsNamed = !legend, backlogNamed = !legend;
        var spans = new List<IPlottable>();
        foreach (var o in db.Outages)
        {
            var up = o.StartSeconds + o.FailoverSeconds;
            var dnsEnd = up + o.DnsSeconds;
            if (o.DnsSeconds > 0)
            {
                var span = plot.Add.HorizontalSpan(up / unit.Seconds, dnsEnd / unit.Seconds, OutageDns);
                span.LineWidth = 0;
                span.LegendText = dnsNamed ? "" : "after the failover: DNS still gives the old address (dnsTtl)";
                spans.Add(span);
                dnsNamed = true;
            }
            if (o.BacklogSeconds > 0)
            {
                var span = plot.Add.HorizontalSpan(dnsEnd / unit.Seconds, (dnsEnd + o.BacklogSeconds) / unit.Seconds, OutageBacklog);
                span.LineWidth = 0;
                span.LegendText = backlogNamed ? "" : "then the backlog drains (hung connects, queued requests)";
                spans.Add(span);
                backlogNamed = true;
            }
        }
        // Under the lines, in time order in the legend (drawn first, so listed first).
        for (var k = spans.Count - 1; k >= 0; k--)
        {
            plot.MoveToBack(spans[k]);
        }
    }

    /// <summary>The database chart's height: 450 pixels a row, at least a chart's.</summary>
    public static int DatabaseHeight(Multiplot mp) => Math.Max(Height, 450 * mp.Subplots.Count);
}
