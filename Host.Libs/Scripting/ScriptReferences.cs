using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using LuatHost.Runtime;

namespace LuatHost.Scripting;

/// <summary>
/// The host assemblies and namespaces every script gets without `#r`/`using`, and the fingerprint
/// that ties a cached compiled script to exactly these assemblies.
/// </summary>
internal static class ScriptReferences
{
    public static readonly string[] Imports =
    [
        "System",
        "System.Collections.Generic",
        "System.IO",
        "System.Linq",
        "System.Text",
        "System.Threading",
        "System.Threading.Tasks",
        "LuatHost.Runtime",
        "LuatHost.Scripting",
        // AliyunMessage (ReceiveAsync) and MqttWill (setMqtt) without a using.
        "LuatHost.Aliyun",
        "LuatHost.Modem",
        // MqttReceivedMessage, MqttConnectOutcome and MqttLastWill of the mqtt global.
        "LuatHost.Services.Net",
    ];

    /// <summary>LuatHost.Scripting, LuatHost.Runtime and every LuatHost.* assembly they reference (the services).</summary>
    public static IReadOnlyList<Assembly> HostAssemblies => s_hostAssemblies.Value;

    /// <summary>
    /// Changes whenever a host assembly, the Roslyn version or the runtime changes. Module version ids
    /// come from deterministic builds, so they change exactly when an assembly's content does.
    /// Reads metadata only: computing it does not load Roslyn (the warm path never touches the compiler).
    /// </summary>
    public static string HostFingerprint => s_fingerprint.Value;

    private static readonly Lazy<IReadOnlyList<Assembly>> s_hostAssemblies = new(FindHostAssemblies);
    private static readonly Lazy<string> s_fingerprint = new(ComputeFingerprint);

    private static IReadOnlyList<Assembly> FindHostAssemblies()
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(ScriptGlobals).Assembly, typeof(EventLoop).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            if (!found.TryAdd(assembly.GetName().Name!, assembly)) continue;
            foreach (var name in assembly.GetReferencedAssemblies())
                if (name.Name!.StartsWith("LuatHost.", StringComparison.Ordinal) && !found.ContainsKey(name.Name))
                    pending.Push(Assembly.Load(name));
        }
        return [.. found.Values.OrderBy(a => a.GetName().Name, StringComparer.Ordinal)];
    }

    private static string ComputeFingerprint()
    {
        var text = new StringBuilder();
        text.Append("runtime ").AppendLine(Environment.Version.ToString());
        foreach (var reference in typeof(ScriptReferences).Assembly.GetReferencedAssemblies())
            if (reference.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                text.Append("roslyn ").AppendLine(reference.FullName);
        foreach (var assembly in HostAssemblies)
            text.Append("host ").Append(assembly.GetName().Name).Append(' ').AppendLine(assembly.ManifestModule.ModuleVersionId.ToString());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
