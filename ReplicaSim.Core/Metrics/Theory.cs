using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>The closed forms a scenario admits, per sweep metric; null where none applies.</summary>
public static class Theory
{
    public static double?[] For(Scenario s)
    {
        var theory = new double?[SweepMetrics.All.Count];
        var calm = s.Faults.Count == 0;
        var n = s.Service.Replicas;
        if (calm && s.Storage.Kind == StorageKind.SqlitePerContainer && (n == 1 || s.LoadBalancer.Policy == LoadBalancerPolicy.Random))
        {
            // A record lives only in the container that created it, chosen at random; a read lands on any of N,
            // independently. (Round-robin comes close but is not independent: a read right after a create
            // always goes to another container.)
            theory[SweepMetrics.IndexOf("readAnyMissingFraction")] = (n - 1) / (double)n;
        }
        if (calm && (s.Storage.Kind != StorageKind.SqlitePerContainer || n == 1))
        {
            theory[SweepMetrics.IndexOf("violationFraction")] = 0;
        }
        if (calm && IsMmc(s, out var perContainerRate, out var meanService) && perContainerRate < s.Service.Workers / meanService)
        {
            var c = s.Service.Workers;
            theory[SweepMetrics.IndexOf("latencyMeanMs")] = QueueingTheory.MmcMeanResponseSeconds(c, perContainerRate, meanService) * 1000;
            theory[SweepMetrics.IndexOf("latencyP50Ms")] = QueueingTheory.MmcResponseQuantileSeconds(c, perContainerRate, meanService, 0.5) * 1000;
            theory[SweepMetrics.IndexOf("latencyP99Ms")] = QueueingTheory.MmcResponseQuantileSeconds(c, perContainerRate, meanService, 0.99) * 1000;
        }
        return theory;
    }

    /// <summary>
    /// Each container is an M/M/c queue when service is exponential, storage and network take no time,
    /// and arrivals reach a container as a Poisson stream (one replica, or a random balancer, which thins
    /// a Poisson stream into Poisson streams).
    /// </summary>
    private static bool IsMmc(Scenario s, out double perContainerRate, out double meanService)
    {
        perContainerRate = s.Workload.ArrivalRatePerSecond / s.Service.Replicas;
        meanService = s.Service.ServiceTime.MeanSeconds;
        static bool Zero(DurationDistribution d) => d is ConstantDistribution { Value.Microseconds: 0 };
        return s.Service.ServiceTime is ExponentialDistribution
            && Zero(s.Storage.ReadTime) && Zero(s.Storage.WriteTime)
            && Zero(s.Network.ToContainer) && Zero(s.Network.ToDatabase) && Zero(s.Network.CrossZone)
            && (s.Service.Replicas == 1 || s.LoadBalancer.Policy == LoadBalancerPolicy.Random)
            && s.Service.RequestTimeout.Microseconds == 0;
    }
}
