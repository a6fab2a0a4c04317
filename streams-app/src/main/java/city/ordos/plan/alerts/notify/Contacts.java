package city.ordos.plan.alerts.notify;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whom a robot message @-mentions: each department's contact people, by mobile (DingTalk, WeCom
 * text messages) and by WeCom user id (WeCom markdown can mention only user ids).
 */
public record Contacts(Map<String, Contact> byDepartment) {

    public record Contact(List<String> mobiles, List<String> wecomUserIds) {
        public Contact {
            mobiles = mobiles == null ? List.of() : List.copyOf(mobiles);
            wecomUserIds = wecomUserIds == null ? List.of() : List.copyOf(wecomUserIds);
        }
    }

    public static final Contacts NONE = new Contacts(Map.of());

    public Contacts {
        byDepartment = Map.copyOf(byDepartment);
    }

    public List<String> mobiles(Collection<String> departments) {
        Set<String> all = new LinkedHashSet<>();
        departments.forEach(d ->
                all.addAll(byDepartment.getOrDefault(d, new Contact(null, null)).mobiles()));
        return List.copyOf(all);
    }

    public List<String> wecomUserIds(Collection<String> departments) {
        Set<String> all = new LinkedHashSet<>();
        departments.forEach(d ->
                all.addAll(byDepartment.getOrDefault(d, new Contact(null, null)).wecomUserIds()));
        return List.copyOf(all);
    }
}
