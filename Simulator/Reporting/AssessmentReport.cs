using System.Globalization;
using System.Net;
using System.Text;
using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>The assessment in words: the table printed by <c>assess</c>, and the section of report.md and report.html.</summary>
public static class AssessmentReport
{
    public const string ChartName = "assessment-cost-availability";

    /// <summary>The rows of the table: a header, then one row per architecture.</summary>
    public static IReadOnlyList<string[]> Cells(AssessmentResult a)
    {
        var rows = new List<string[]>
        {
            new[] { "architecture", "meets", "availability (95 % interval)", "nines", "right answers (95 % interval)" }
                .Concat(ResiliencyPolicy.Types.Select(t => $"{ResiliencyPolicy.Of(t)} RTO worst / p95"))
                .Concat(ResiliencyPolicy.Types.Select(t => $"{ResiliencyPolicy.Of(t)} RPO worst / p95"))
                .Concat(["lost writes / year", "violations / year", "cost / month"]).ToArray(),
        };
        foreach (var r in a.Rows)
        {
            var nines = Assessor.Nines(r.Availability.Mean);
            rows.Add([.. new[]
                {
                    r.Variant + (r.Variant == a.Cheapest ? " (cheapest that meets)" : ""),
                    r.Meets ? "yes" : "no",
                    $"{Assessor.Percent(r.Availability.Mean)} {Interval(r.Availability.CiLow, r.Availability.CiHigh)}",
                    double.IsFinite(nines) ? Format.Number(nines, 1) : "no error",
                    $"{Assessor.Percent(r.Correctness.Mean)} {Interval(r.Correctness.CiLow, r.Correctness.CiHigh)}",
                }
                .Concat(r.Disruptions.Select(d => d.Count == 0 ? "none struck" : $"{Assessor.Span(d.WorstRtoSeconds)} / {Assessor.Span(d.P95RtoSeconds)}"))
                .Concat(r.Disruptions.Select(d => d.Count == 0 ? "none struck" : $"{Assessor.Span(d.WorstRpoSeconds)} / {Assessor.Span(d.P95RpoSeconds)}"))
                .Concat([Count(r.LostWritesPerYear.Mean), Count(r.ViolationsPerYear.Mean), Format.Usd(r.CostPerMonth)])]);
        }
        return rows;
    }

    /// <summary>A 95 % interval: "(99.98 % to 99.99 %)", or what stands for it when one simulated year gives none (it printed "(? to ?)").</summary>
    private static string Interval(double low, double high) =>
        double.IsFinite(low) && double.IsFinite(high) ? $"({Assessor.Percent(low)} to {Assessor.Percent(high)})" : "(one year: no interval)";

    /// <summary>A yearly mean: "617,751", or "0.4" below ten.</summary>
    private static string Count(double perYear) => perYear >= 10 ? Format.Integer((long)Math.Round(perYear)) : Format.Number(perYear, 1);

    /// <summary>The policy in one line: "availability 99.9 %; software RTO 5 min, RPO 0 s; ...".</summary>
    public static string PolicyLine(ResiliencyPolicy p)
    {
        var parts = new List<string>();
        if (p.AvailabilityPercent is { } av)
        {
            parts.Add($"availability {Assessor.Percent(av / 100)}");
        }
        if (p.CorrectnessPercent is { } right)
        {
            parts.Add($"right answers {Assessor.Percent(right / 100)}");
        }
        foreach (var t in ResiliencyPolicy.Types)
        {
            var target = p.For(t);
            var bits = new List<string>();
            if (target.Rto is { } rto)
            {
                bits.Add("RTO " + Assessor.Span(rto.TotalSeconds));
            }
            if (target.Rpo is { } rpo)
            {
                bits.Add("RPO " + Assessor.Span(rpo.TotalSeconds));
            }
            if (bits.Count > 0)
            {
                parts.Add($"{ResiliencyPolicy.Of(t)} {string.Join(", ", bits)}");
            }
        }
        return (p.Name.Length > 0 ? p.Name + ": " : "") + string.Join("; ", parts);
    }

    /// <summary>
    /// One sentence for each architecture that gave wrong answers ("not found", an old version) and was not already
    /// marked down for it by a correctness target: availability counts those answers as answered, so a high
    /// availability can hide them; empty when every answer was right.
    /// </summary>
    public static IReadOnlyList<string> WrongAnswers(AssessmentResult a)
    {
        var lines = new List<string>();
        foreach (var r in a.Rows.Where(r => r.ViolationsPerYear.Mean > 0 && !r.Checks.Any(c => c.Criterion == "correctness" && !c.Met)))
        {
            lines.Add($"{r.Variant}: only {Assessor.Percent(r.Correctness.Mean)} of its answers were right ({Count(r.ViolationsPerYear.Mean)} missing or stale a year); " +
                      $"its availability of {Assessor.Percent(r.Availability.Mean)} counts them as answered" +
                      (a.Policy.CorrectnessPercent is null ? ", and this policy sets no correctness target (\"policy.correctness\", e.g. 99.99) to hold it to" : ""));
        }
        return lines;
    }

    /// <summary>The verdict, saying which of the winner's targets these years could not test (no such disruption struck).</summary>
    public static string Verdict(AssessmentResult a)
    {
        if (a.Cheapest is not { } c)
        {
            return "No architecture meets the policy.";
        }
        var row = a.Rows.First(r => r.Variant == c);
        var untested = ResiliencyPolicy.Types.Select(ResiliencyPolicy.Of)
            .Where(t => row.For(t).Count == 0 && row.Checks.Any(x => x.Criterion.StartsWith(t + ".", StringComparison.Ordinal))).ToList();
        return $"The cheapest architecture that meets the policy is {c} ({Format.Usd(row.CostPerMonth)} a month)." +
               (untested.Count > 0 ? $" Not tested: no {string.Join(" or ", untested)} disruption struck it in these years; run more years to hold it to those targets." : "");
    }

    /// <summary>The table and the verdict as <c>assess</c> prints them.</summary>
    public static string Text(AssessmentResult a)
    {
        var sb = new StringBuilder();
        var d = a.Definition;
        sb.Append(CultureInfo.InvariantCulture, $"{d.Scenario}: {d.Variants.Count} architectures x {d.RunsPerVariant} simulated years ({d.Years} year{(d.Years == 1 ? "" : "s")} x {d.Seeds} seed{(d.Seeds == 1 ? "" : "s")}, seeds {d.BaseSeed} to {d.BaseSeed + d.RunsPerVariant - 1})\n");
        sb.Append("policy: ").Append(PolicyLine(a.Policy)).Append('\n');
        var cells = Cells(a);
        // Transposed: one column per architecture reads better in a terminal than 13 columns.
        var width = cells.Skip(1).Select(r => r[0].Length).Append(12).Max();
        var labelWidth = cells[0].Max(c => c.Length);
        for (var c = 0; c < cells[0].Length; c++)
        {
            sb.Append("  ").Append(cells[0][c].PadRight(labelWidth));
            foreach (var row in cells.Skip(1))
            {
                sb.Append("  ").Append(row[c].PadRight(Math.Max(width, row[c].Length)));
            }
            sb.Append('\n');
        }
        foreach (var row in a.Rows)
        {
            foreach (var check in row.Checks.Where(x => !x.Met))
            {
                sb.Append("  miss: ").Append(check.Sentence).Append('\n');
            }
        }
        foreach (var line in WrongAnswers(a))
        {
            sb.Append("  wrong answers: ").Append(line).Append('\n');
        }
        sb.Append(Verdict(a)).Append('\n');
        return sb.ToString();
    }

    /// <summary>How each figure is measured: the list under "How these figures are measured" in report.md and report.html.</summary>
    public static readonly IReadOnlyList<string> Definitions =
    [
        "availability: requests answered without error / all requests, per simulated year; the mean over the years with its 95 % interval (Student t, clipped to 100 %); nines = -log10(1 - availability). A wrong answer (\"not found\", an old version) is an answer: it counts for availability.",
        "right answers (correctness): ok / requests answered, per simulated year, the mean with its 95 % interval; the wrong ones are the violations (missing + stale).",
        "RTO of a fault: from the fault until requests stopped failing because of it (the end of the stretches of errors it began); worst and 95th percentile over every fault of that type in all the years.",
        "RPO of a fault: from the acknowledgement of the oldest write it destroyed to the fault (0 when it destroyed none).",
        "cost / month: the infrastructure, plus the team's time when the scenario counts it (`cost.operatorHourlyUsd`): routine hours and the hours of each year's incidents scaled to a month of 730 h.",
        "disruption types (Resilience Hub's): software = container-crash, container-restart, deploy, scale, maintenance, scale-database, security-group-change, iam-token-expiry; hardware = database-failure, volume-failure, storage-loss, replica-failure, cache-failure, a full disk; az = zone-outage.",
        "a target is met when the mean availability (or share of right answers) reaches it, and when the worst RTO or RPO observed stays within it; a type that never struck in these years is not tested.",
    ];

    /// <summary>report.md: the assessment section with its table, chart, the sentence for each miss and how the figures are measured.</summary>
    public static string Markdown(AssessmentResult a, string repro)
    {
        var sb = new StringBuilder();
        var d = a.Definition;
        sb.Append(CultureInfo.InvariantCulture, $"# {d.Scenario}: assessment\n\n");
        sb.Append("## Assessment against the policy\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Policy: {PolicyLine(a.Policy)}. Every architecture ran {d.RunsPerVariant} independent simulated year{(d.RunsPerVariant == 1 ? "" : "s")} (365 days each; seeds {d.BaseSeed} to {d.BaseSeed + d.RunsPerVariant - 1}, the same years for every architecture).\n\n");
        sb.Append("**").Append(Verdict(a)).Append("**\n\n");
        var cells = Cells(a);
        sb.Append("| ").Append(string.Join(" | ", cells[0])).Append(" |\n");
        sb.Append('|').Append(string.Concat(cells[0].Select(_ => " --- |"))).Append('\n');
        foreach (var row in cells.Skip(1))
        {
            sb.Append("| ").Append(string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
        }
        sb.Append('\n').Append(CultureInfo.InvariantCulture, $"![Cost against availability, one point per architecture, the target a dark line]({ChartName}.png)\n\n");
        var misses = a.Rows.SelectMany(r => r.Checks.Where(c => !c.Met)).ToList();
        if (misses.Count > 0)
        {
            sb.Append("### Why each miss\n\n");
            foreach (var m in misses)
            {
                sb.Append("- ").Append(m.Sentence).Append('\n');
            }
            sb.Append('\n');
        }
        if (WrongAnswers(a) is { Count: > 0 } wrong)
        {
            sb.Append("### Answered is not right\n\n");
            foreach (var w in wrong)
            {
                sb.Append("- ").Append(w).Append('\n');
            }
            sb.Append('\n');
        }
        sb.Append("### How these figures are measured\n\n");
        foreach (var line in Definitions)
        {
            sb.Append("- ").Append(line).Append('\n');
        }
        sb.Append('\n');
        sb.Append("Reproduce: `").Append(repro).Append("`\n");
        return sb.ToString();
    }

    /// <summary>report.html: the same section as one self-contained page (the chart inline as SVG).</summary>
    public static string Html(AssessmentResult a, string chartSvg, string repro)
    {
        static string H(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        var d = a.Definition;
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<title>").Append(H(d.Scenario)).Append(": assessment</title>\n");
        sb.Append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}table{border-collapse:collapse;font-size:14px}" +
                  "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3}.yes{color:#009E73;font-weight:bold}.no{color:#D55E00;font-weight:bold}" +
                  "svg{max-width:100%;height:auto}</style>\n</head>\n<body>\n");
        sb.Append("<h1>").Append(H(d.Scenario)).Append(": assessment</h1>\n<section id=\"assessment\">\n<h2>Assessment against the policy</h2>\n");
        sb.Append("<p>Policy: ").Append(H(PolicyLine(a.Policy))).Append(CultureInfo.InvariantCulture, $". Every architecture ran {d.RunsPerVariant} independent simulated year{(d.RunsPerVariant == 1 ? "" : "s")} (365 days each).</p>\n");
        sb.Append("<p><strong>").Append(H(Verdict(a))).Append("</strong></p>\n<table>\n<tr>");
        var cells = Cells(a);
        foreach (var h in cells[0])
        {
            sb.Append("<th>").Append(H(h)).Append("</th>");
        }
        sb.Append("</tr>\n");
        foreach (var row in cells.Skip(1))
        {
            sb.Append("<tr>");
            for (var c = 0; c < row.Length; c++)
            {
                sb.Append(c == 1 ? $"<td class=\"{row[c]}\">" : "<td>").Append(H(row[c])).Append("</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</table>\n<figure>\n");
        var svgStart = chartSvg.IndexOf("<svg", StringComparison.Ordinal);
        sb.Append(svgStart >= 0 ? chartSvg[svgStart..] : chartSvg).Append("\n<figcaption>Cost against availability, one point per architecture, the target a dark line</figcaption>\n</figure>\n");
        var misses = a.Rows.SelectMany(r => r.Checks.Where(c => !c.Met)).ToList();
        if (misses.Count > 0)
        {
            sb.Append("<h3>Why each miss</h3>\n<ul>\n");
            foreach (var m in misses)
            {
                sb.Append("<li>").Append(H(m.Sentence)).Append("</li>\n");
            }
            sb.Append("</ul>\n");
        }
        if (WrongAnswers(a) is { Count: > 0 } wrong)
        {
            sb.Append("<h3>Answered is not right</h3>\n<ul>\n");
            foreach (var w in wrong)
            {
                sb.Append("<li>").Append(H(w)).Append("</li>\n");
            }
            sb.Append("</ul>\n");
        }
        sb.Append("<h3>How these figures are measured</h3>\n<ul>\n");
        foreach (var line in Definitions)
        {
            sb.Append("<li>").Append(H(line.Replace("`", "", StringComparison.Ordinal))).Append("</li>\n");
        }
        sb.Append("</ul>\n");
        sb.Append("<p>Reproduce: <code>").Append(H(repro)).Append("</code></p>\n</section>\n</body>\n</html>\n");
        return sb.ToString();
    }
}
