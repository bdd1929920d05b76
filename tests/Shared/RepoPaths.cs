namespace Metrics.Tests.Shared;

/// <summary>Finds files of the repository from a test's output folder, so tests run from any checkout.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>A path under tests/fixtures.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([Root, "tests", "fixtures", .. parts]);

    private static string FindRoot()
    {
        // The output folder sits inside the checkout, unless built with --artifacts-path elsewhere:
        // then the working directory (dotnet test runs from the project) or METRICS_REPO_ROOT tells.
        string? fromEnvironment = Environment.GetEnvironmentVariable("METRICS_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (string? dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "Metrics.sln"))) return dir;
            }
        }
        throw new InvalidOperationException("cannot find Metrics.sln above " + AppContext.BaseDirectory + "; set METRICS_REPO_ROOT");
    }
}
