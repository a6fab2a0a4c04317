package city.ordos.plan.api;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;

/**
 * What the live feed fills: each goal's daily history, the recent alerts and the alert log, the
 * catalog, and the dead letters. Not the goals' current figures: those are read from the owners' progress stores,
 * and the feed only pushes their changes (docs/adr/0010-one-read-model-per-fact.md).
 */
final class FeedViews implements LiveFeed.Listener {

    final HistoryBuffer history;
    final AlertBoard alerts;
    final AlertLog alertLog;
    final CatalogView catalog;
    final DeadLetterLog deadLetters;

    FeedViews(int historyDays, int recentAlerts, int alertLogLimit, int deadLetterLimit) {
        this.history = new HistoryBuffer(historyDays);
        this.alerts = new AlertBoard(recentAlerts);
        this.alertLog = new AlertLog(alertLogLimit);
        this.catalog = new CatalogView();
        this.deadLetters = new DeadLetterLog(deadLetterLimit);
    }

    @Override
    public void onCatalog(String key, GoalDefinition definition) {
        catalog.put(key, definition);
    }

    @Override
    public void onProgress(GoalProgress progress) {
        history.add(progress);
    }

    @Override
    public void onAlert(GoalAlert alert) {
        alerts.add(alert);
        alertLog.add(alert);
    }

    @Override
    public void onDeadLetter(DeadLetter letter) {
        deadLetters.add(letter);
    }
}
