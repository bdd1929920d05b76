using System.Reflection;
using Metrics.Store.RemoteWrite;

namespace Metrics.Store.Tests.RemoteWrite;

public class RemoteWriteLayeringTests
{
    [Fact]
    public void Engine_types_do_not_touch_aspnet()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offenders = new List<string>();
        foreach (Type t in typeof(RemoteWriteHandler).Assembly.GetTypes())
        {
            if (t.Namespace is null || !t.Namespace.StartsWith("Metrics.Store.RemoteWrite", StringComparison.Ordinal)) continue;
            var used = new List<Type>();
            foreach (FieldInfo f in t.GetFields(all)) used.Add(f.FieldType);
            foreach (MethodInfo m in t.GetMethods(all))
            {
                used.Add(m.ReturnType);
                used.AddRange(m.GetParameters().Select(p => p.ParameterType));
            }
            foreach (Type u in used)
                if (u.Namespace?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true) offenders.Add($"{t.Name} uses {u}");
        }
        Assert.Empty(offenders);
    }
}
