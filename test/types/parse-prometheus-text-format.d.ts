// the parser ships no types: it turns Prometheus text into metric families
declare module 'parse-prometheus-text-format' {
	const parsePrometheusTextFormat: (text: string) => unknown[];
	export default parsePrometheusTextFormat;
}
