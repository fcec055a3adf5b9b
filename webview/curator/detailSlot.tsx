/**
 * Where the app takes the detail panes from: the detail engineer's SampleDetailView
 * (webview/curator/detail/) and its `reflectionSteps`, used by the `[` `]` `{` `}` keys.
 */
export { SampleDetailView, reflectionSteps } from './detail/SampleDetailView';
