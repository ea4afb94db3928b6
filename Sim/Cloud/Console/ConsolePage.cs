using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LuatHost.Sim.Cloud.Console;

/// <summary>
/// The page's static files, embedded in the assembly (no build step). The HTML's lang attribute is chosen from the
/// browser's Accept-Language (Chinese when the most preferred language is zh-*), and the script picks its strings by it.
/// </summary>
internal static class ConsolePage
{
    public static IResult Index(HttpContext context)
    {
        var html = Read("index.html").Replace("{{lang}}", Language(context.Request), StringComparison.Ordinal);
        return Results.Text(html, "text/html; charset=utf-8");
    }

    public static IResult Asset(string name, string contentType) => Results.Text(Read(name), contentType);

    /// <summary>"zh-CN" when the most preferred language is Chinese, else "en".</summary>
    public static string Language(HttpRequest request)
    {
        var preferred = request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(l => l.Quality ?? 1.0)
            .Select(l => l.Value.Value)
            .FirstOrDefault(v => v is not null && v != "*");
        return preferred is not null && preferred.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en";
    }

    private static string Read(string name)
    {
        using var stream = typeof(ConsolePage).Assembly.GetManifestResourceStream("console/" + name)
            ?? throw new InvalidOperationException($"embedded console file {name} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
