using ScottPlot;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>
/// Colours from the Okabe-Ito palette (safe for the common colour-vision deficiencies); one colour per
/// outcome in every chart.
/// </summary>
public static class Palette
{
    public static readonly Color Ok = Color.FromHex("#009E73");
    public static readonly Color Missing = Color.FromHex("#D55E00");
    public static readonly Color Stale = Color.FromHex("#E69F00");
    public static readonly Color Error = Color.FromHex("#222222");
    public static readonly Color Acknowledged = Color.FromHex("#0072B2");
    public static readonly Color Lost = Color.FromHex("#D55E00");
    public static readonly Color Shared = Color.FromHex("#000000");
    public static readonly Color P50 = Color.FromHex("#0072B2");
    public static readonly Color P99 = Color.FromHex("#D55E00");
    public static readonly Color Fault = Color.FromHex("#999999").WithAlpha(0.28);
    public static readonly Color FaultText = Color.FromHex("#444444");

    /// <summary>Records per replica when there are too many replicas for a colour each (sky blue, half transparent).</summary>
    public static readonly Color Replicas = Color.FromHex("#56B4E9").WithAlpha(0.5);

    public static readonly Color[] Series =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#E69F00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#56B4E9"), Color.FromHex("#D55E00"), Color.FromHex("#F0E442"), Color.FromHex("#000000"),
    ];

    /// <summary>
    /// Colours for kinds of fault, where a chart marks many faults by kind: greys and the Okabe-Ito colours
    /// no outcome uses (reddish purple, sky blue, blue), so a fault is never read as an outcome.
    /// </summary>
    private static readonly Color[] FaultKinds =
    [
        Color.FromHex("#444444"), Color.FromHex("#CC79A7"), Color.FromHex("#56B4E9"), Color.FromHex("#0072B2"), Color.FromHex("#888888"),
    ];

    public static Color FaultKind(int index) => FaultKinds[index % FaultKinds.Length];

    public static Color Of(Outcome o) => o switch
    {
        Outcome.Ok => Ok,
        Outcome.Missing => Missing,
        Outcome.Stale => Stale,
        _ => Error,
    };
}
