namespace Metrics.Store.Abstractions;

/// <summary>Storage that is both written and read: the head/TSDB, or the skeleton's in-memory store.</summary>
public interface IStorage : IAppendable, ISeriesQueryable
{
}
