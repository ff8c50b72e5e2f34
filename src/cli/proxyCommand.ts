import { pickLang } from '../i18n';
import { parseStrategyGiven } from '../scenario/parse';
import { formatProxyAnswers, proxyAnswers, ProxyId } from '../advise/proxies';
import { printableLines } from '../report/printable';

/** `lagsim proxy <strategy> [--proxy id] [--lang]`: the strategy as each proxy's settings, or why a proxy has none. */
export function proxyCommand(a: { strategy: string; proxy?: ProxyId; lang?: string }): void {
  const lang = pickLang(a.lang);
  const spec = parseStrategyGiven(a.strategy, 'proxy');
  process.stdout.write(printableLines(formatProxyAnswers(proxyAnswers(spec, lang, a.proxy), lang)));
}
