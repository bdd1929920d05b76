using Metrics.Query.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Query;

/// <summary>Registers the query engine over whatever <see cref="Store.Abstractions.ISeriesQueryable"/> is registered.</summary>
public static class QueryServiceCollectionExtensions
{
    public static IServiceCollection AddQueryEngine(this IServiceCollection services, EngineOptions? options = null)
    {
        services.AddSingleton(options ?? new EngineOptions());
        services.AddSingleton<IQueryEngine, QueryEngine>();
        return services;
    }
}
