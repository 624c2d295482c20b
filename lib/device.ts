/**
 * What we say about a device: a browser and an operating system from a fixed list,
 * parsed from the user agent with bowser. A user agent is text the client chose, so
 * nothing of it is repeated as written: a name that is not one of bowser's known
 * browsers or systems (its "generic" fallback copies words from the header) is
 * reported as unknown. This is what notices, the devices list and support show.
 */
import Bowser from 'bowser';

const crawlers = /bot|spider|crawler|slurp|externalhit|external|-user$|generic/i;
const knownBrowsers = new Set(Object.values(Bowser.BROWSER_MAP).filter((name) => !crawlers.test(name)));
const knownSystems = new Set<string>(Object.values(Bowser.OS_MAP));

export interface DeviceSummary {
  browser: string | null;
  os: string | null;
}

export function parseDevice(userAgent: string | null | undefined): DeviceSummary {
  if (!userAgent) return { browser: null, os: null };
  let parsed: ReturnType<typeof Bowser.parse>;
  try {
    parsed = Bowser.parse(userAgent.slice(0, 512));
  } catch {
    return { browser: null, os: null };
  }
  const browser = parsed.browser.name && knownBrowsers.has(parsed.browser.name) ? parsed.browser.name : null;
  const os = parsed.os.name && knownSystems.has(parsed.os.name) ? parsed.os.name : null;
  return { browser: browser === 'Samsung Internet for Android' ? 'Samsung Internet' : browser, os };
}

/** "Chrome on Android", "Safari on iOS", "Unknown browser on Windows", "Unknown device". */
export function deviceText(device: DeviceSummary): string {
  if (!device.browser && !device.os) return 'Unknown device';
  return `${device.browser ?? 'Unknown browser'}${device.os ? ` on ${device.os}` : ''}`;
}

export const describeDevice = (userAgent: string | null | undefined) => deviceText(parseDevice(userAgent));
