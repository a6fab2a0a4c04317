package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.NotificationReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The text of a group message for a chat robot: what changed (new, escalated, notices), what
 * recovered, what is still open; or a reminder; or an escalation. Split into parts that each fit
 * the robot's size limit ({@link ReceiverConfig#maxMessageBytes()}), never cutting an alert in two.
 */
final class GroupMessages {

    /** One part: its title line and its body in the robot's markup. */
    record Part(String title, String text) {}

    /** What a message reports. */
    record Content(
            NotificationReason reason,
            String groupLabel,
            List<AlertItem> changed,
            List<AlertItem> resolved,
            List<AlertItem> stillFiring,
            Duration escalatedAfter) {}

    private static final String ELLIPSIS = "…";
    /** WeCom text messages (the ones that can mention mobiles) hold at most 2048 bytes. */
    static final int WECOM_TEXT_BYTES = 2048;

    private final ReceiverConfig receiver;

    GroupMessages(ReceiverConfig receiver) {
        this.receiver = receiver;
    }

    /**
     * @param footer the mentions line ("@138…" for DingTalk, "<@userid>" for WeCom), or ""
     * @param plain  plain text instead of markdown (WeCom text messages, which can mention mobiles)
     */
    List<Part> render(Content content, String footer, boolean plain) {
        String title = title(content);
        List<String> blocks = new ArrayList<>();
        String changedHeading = switch (content.reason()) {
            case REMINDER -> "仍未恢复且未确认 " + content.changed().size() + " 项 (still open, not acknowledged)";
            case ESCALATION ->
                "超过 " + hours(content.escalatedAfter()) + " 未确认 "
                        + content.changed().size() + " 项 (unacknowledged)";
            default -> "新增/变化 " + content.changed().size() + " 项";
        };
        if (!content.changed().isEmpty()) {
            blocks.add(heading(changedHeading, plain));
            content.changed().forEach(i -> blocks.add(item(i, plain)));
        }
        if (!content.resolved().isEmpty()) {
            blocks.add(heading("已恢复 " + content.resolved().size() + " 项", plain));
            content.resolved().forEach(i -> blocks.add(item(i, plain)));
        }
        if (!content.stillFiring().isEmpty()) {
            blocks.add((plain ? "" : "> ") + "仍在预警 " + content.stillFiring().size() + " 项: "
                    + content.stillFiring().stream().map(AlertItem::title).collect(Collectors.joining("、")));
        }
        return pack(title, blocks, footer, plain);
    }

    private List<Part> pack(String title, List<String> blocks, String footer, boolean plain) {
        int limit = receiver.maxMessageBytes() <= 0 ? Integer.MAX_VALUE : receiver.maxMessageBytes();
        if (plain) {
            limit = Math.min(limit, WECOM_TEXT_BYTES);
        }
        // Room for the heading with a part counter "(12/12)" and the footer.
        int reserve = bytes(topHeading(title + " (99/99)", plain)) + 2 + bytes(footer) + 2;
        List<List<String>> parts = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int size = reserve;
        for (String block : blocks) {
            String fitted = fit(block, limit - reserve - 1);
            int add = bytes(fitted) + 1;
            if (!current.isEmpty() && size + add > limit) {
                parts.add(current);
                current = new ArrayList<>();
                size = reserve;
            }
            current.add(fitted);
            size += add;
        }
        if (!current.isEmpty() || parts.isEmpty()) {
            parts.add(current);
        }
        List<Part> out = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            String partTitle = parts.size() == 1 ? title : title + " (" + (p + 1) + "/" + parts.size() + ")";
            StringBuilder text = new StringBuilder(topHeading(partTitle, plain)).append("\n");
            parts.get(p).forEach(b -> text.append(b).append("\n"));
            if (!footer.isEmpty()) {
                text.append("\n").append(footer);
            }
            out.add(new Part(partTitle, text.toString().strip()));
        }
        return out;
    }

    static String title(Content content) {
        String label = content.groupLabel().isEmpty() ? "全部目标" : content.groupLabel();
        return switch (content.reason()) {
            case REMINDER -> "【预警提醒】" + label + " " + content.changed().size() + " 项未恢复";
            case ESCALATION -> "【预警上报】" + label + " " + content.changed().size() + " 项未确认";
            default -> {
                long open = content.changed().stream().filter(i -> !i.notice()).count();
                String what = open > 0
                        ? open + " 项预警"
                        : content.changed().isEmpty() ? "" : content.changed().size() + " 项通知";
                String back =
                        content.resolved().isEmpty() ? "" : content.resolved().size() + " 项恢复";
                yield "【计划监测】" + label + " " + String.join("，", nonEmpty(what, back));
            }
        };
    }

    private static List<String> nonEmpty(String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    private static String heading(String text, boolean plain) {
        return plain ? text : "**" + text + "**";
    }

    private static String topHeading(String text, boolean plain) {
        return plain ? text : "### " + text;
    }

    private static String item(AlertItem i, boolean plain) {
        String escalated = i.escalatedFrom() == null ? "" : "（由 " + i.escalatedFrom() + " 上报）";
        if (plain) {
            return "- " + i.messageZh() + escalated + "\n  " + i.messageEn() + "\n  编号: " + i.key();
        }
        return "- " + i.messageZh() + escalated + "\n  > " + i.messageEn() + "\n  > 责任部门: " + i.department() + "　编号: "
                + i.key();
    }

    private static String fit(String block, int maxBytes) {
        if (bytes(block) <= maxBytes) {
            return block;
        }
        StringBuilder out = new StringBuilder();
        int used = bytes(ELLIPSIS);
        for (int cp : block.codePoints().toArray()) {
            int add = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + add > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            used += add;
        }
        return out.append(ELLIPSIS).toString();
    }

    private static String hours(Duration d) {
        return d.toMinutes() % 60 == 0 ? d.toHours() + " 小时" : d.toMinutes() + " 分钟";
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
