import { pickLang } from '../i18n';
import { parseStrategyArg } from '../scenario/load';
import { formatProxyAnswers, proxyAnswers, ProxyId } from '../advise/proxies';
import { printableLines } from '../report/printable';

/** `lagsim proxy <strategy> [--proxy id] [--lang]`: the strategy as each proxy's settings, or why a proxy has none. */
export function proxyCommand(a: { strategy: string; proxy?: ProxyId; lang?: string }): void {
  const lang = pickLang(a.lang);
  const spec = parseStrategyArg(a.strategy);
  process.stdout.write(printableLines(formatProxyAnswers(proxyAnswers(spec, lang, a.proxy), lang)));
}
