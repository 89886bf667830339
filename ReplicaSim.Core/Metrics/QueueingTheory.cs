namespace ReplicaSim.Metrics;

/// <summary>Closed forms the simulator is held to: M/M/1 and M/M/c (Erlang C).</summary>
public static class QueueingTheory
{
    /// <summary>Erlang C: the probability that an arrival must wait, for c servers and offered load a = lambda/mu.</summary>
    public static double ErlangC(int servers, double offeredLoad)
    {
        if (offeredLoad >= servers)
        {
            return 1.0;
        }
        // Sum a^k/k! iteratively to stay stable for larger c.
        double term = 1, sum = 1;
        for (var k = 1; k < servers; k++)
        {
            term *= offeredLoad / k;
            sum += term;
        }
        var last = term * offeredLoad / servers * servers / (servers - offeredLoad);
        return last / (sum + last);
    }

    /// <summary>Mean wait in queue for M/M/c, in seconds.</summary>
    public static double MmcMeanWaitSeconds(int servers, double arrivalRatePerSecond, double meanServiceSeconds)
    {
        var mu = 1 / meanServiceSeconds;
        var a = arrivalRatePerSecond / mu;
        return ErlangC(servers, a) / ((servers * mu) - arrivalRatePerSecond);
    }

    /// <summary>Mean response time (wait + service) for M/M/c, in seconds.</summary>
    public static double MmcMeanResponseSeconds(int servers, double arrivalRatePerSecond, double meanServiceSeconds) =>
        MmcMeanWaitSeconds(servers, arrivalRatePerSecond, meanServiceSeconds) + meanServiceSeconds;

    /// <summary>The p-quantile of the M/M/1 response time, which is exponential with rate mu - lambda.</summary>
    public static double Mm1ResponseQuantileSeconds(double arrivalRatePerSecond, double meanServiceSeconds, double p) =>
        -Math.Log(1 - p) / ((1 / meanServiceSeconds) - arrivalRatePerSecond);

    /// <summary>P(response time &gt; t) for M/M/c with FIFO service (the wait is 0 with prob 1-C, else exponential).</summary>
    public static double MmcResponseSurvival(int servers, double arrivalRatePerSecond, double meanServiceSeconds, double t)
    {
        var mu = 1 / meanServiceSeconds;
        var c = ErlangC(servers, arrivalRatePerSecond / mu);
        var theta = (servers * mu) - arrivalRatePerSecond;
        var noWait = Math.Exp(-mu * t);
        if (Math.Abs(theta - mu) < 1e-12)
        {
            return noWait + (c * mu * t * Math.Exp(-mu * t));
        }
        // Sojourn = W + S, W = 0 w.p. 1-C, else Exp(theta); S ~ Exp(mu).
        var convolved = ((theta * Math.Exp(-mu * t)) - (mu * Math.Exp(-theta * t))) / (theta - mu);
        return ((1 - c) * noWait) + (c * convolved);
    }

    /// <summary>The p-quantile of the M/M/c response time, found by bisection on the survival function.</summary>
    public static double MmcResponseQuantileSeconds(int servers, double arrivalRatePerSecond, double meanServiceSeconds, double p)
    {
        double lo = 0, hi = meanServiceSeconds;
        while (MmcResponseSurvival(servers, arrivalRatePerSecond, meanServiceSeconds, hi) > 1 - p)
        {
            hi *= 2;
        }
        for (var i = 0; i < 200; i++)
        {
            var mid = (lo + hi) / 2;
            if (MmcResponseSurvival(servers, arrivalRatePerSecond, meanServiceSeconds, mid) > 1 - p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
