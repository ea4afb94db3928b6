using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace LuatHost.Console.Tests.Support;

/// <summary>
/// A real headless Chromium driven by chromedriver (Debian's `chromium` and `chromium-driver`, or the paths in
/// LUATHOST_CHROMIUM / LUATHOST_CHROMEDRIVER). The driver is given explicitly, so Selenium never downloads one.
/// </summary>
internal static class Browser
{
    private static readonly string[] BrowserCandidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
    private static readonly string[] DriverCandidates = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];

    public static string? BrowserPath => Find("LUATHOST_CHROMIUM", BrowserCandidates);

    public static string? DriverPath => Find("LUATHOST_CHROMEDRIVER", DriverCandidates);

    /// <summary>Why browser tests cannot run here, or null when they can.</summary>
    public static string? MissingReason =>
        BrowserPath is null ? "no Chromium found (install Debian's chromium, or set LUATHOST_CHROMIUM)"
        : DriverPath is null ? "no chromedriver found (install Debian's chromium-driver, or set LUATHOST_CHROMEDRIVER)"
        : null;

    public static ChromeDriver Start(string acceptLanguage = "en")
    {
        var options = new ChromeOptions { BinaryLocation = BrowserPath! };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
            "--lang=" + acceptLanguage);
        options.AddUserProfilePreference("intl.accept_languages", acceptLanguage);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath!)!, Path.GetFileName(DriverPath!));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits (hang guard only) until the condition holds; the message says what never appeared.</summary>
    public static T Until<T>(IWebDriver driver, Func<IWebDriver, T?> condition, string what)
    {
        var wait = new WebDriverWait(driver, ConsoleWorld.HangGuard) { Message = what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(d => condition(d))!;
    }

    /// <summary>Waits (hang guard only) until the condition is true.</summary>
    public static void UntilTrue(IWebDriver driver, Func<IWebDriver, bool> condition, string what)
    {
        var wait = new WebDriverWait(driver, ConsoleWorld.HangGuard) { Message = what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        wait.Until(condition);
    }

    private static string? Find(string variable, string[] candidates)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(configured)) return File.Exists(configured) ? configured : null;
        return candidates.FirstOrDefault(File.Exists);
    }
}

/// <summary>A fact that runs only where a headless Chromium and its driver are installed, and says so otherwise.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browser.MissingReason is { } reason) Skip = "browser test skipped: " + reason;
    }
}
