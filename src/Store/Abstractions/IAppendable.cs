namespace Metrics.Store.Abstractions;

/// <summary>Storage that accepts writes.</summary>
public interface IAppendable
{
    IAppender CreateAppender();
}
