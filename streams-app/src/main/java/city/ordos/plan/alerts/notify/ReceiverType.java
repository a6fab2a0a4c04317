package city.ordos.plan.alerts.notify;

/** The payload a webhook receiver expects. */
public enum ReceiverType {
    /** Every field of the alert as one JSON object. */
    JSON,
    /** WeCom (企业微信) group robot: {@code {"msgtype":"markdown","markdown":{"content":...}}}. */
    WECOM,
    /** DingTalk (钉钉) group robot: {@code {"msgtype":"markdown","markdown":{"title":...,"text":...}}}. */
    DINGTALK,
    /** Prometheus Alertmanager API v2: POST {@code /api/v2/alerts} with a JSON array of alerts. */
    ALERTMANAGER
}
