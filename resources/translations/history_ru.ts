<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>HistoryOffline</name>
    <message>
        <source>While the connection was down (%1):</source>
        <translation>Пока не было связи (%1):</translation>
    </message>
    <message>
        <source>While the computer was asleep (%1):</source>
        <translation>Пока компьютер спал (%1):</translation>
    </message>
    <message>
        <source>While the network changed (%1):</source>
        <translation>Пока менялась сеть (%1):</translation>
    </message>
    <message>
        <source>Ended: %1</source>
        <translation>Завершён: %1</translation>
    </message>
    <message>
        <source>New: %1 (%2)</source>
        <translation>Новый: %1 (%2)</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <source>Your state: %1 → %2</source>
        <translation>Ваш статус: %1 → %2</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>Ничего не изменилось.</translation>
    </message>
    <message>
        <source>ended: %1, new: %2, changed: %3</source>
        <translation>завершено: %1, новых: %2, изменилось: %3</translation>
    </message>
</context>
<context>
    <name>HistoryTimeline</name>
    <message>
        <source>Ringing</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <source>Transfer to %1</source>
        <translation>Перевод на %1</translation>
    </message>
    <message>
        <source>Ended: %1</source>
        <translation>Завершён: %1</translation>
    </message>
    <message>
        <source>Wrap-up closed</source>
        <translation>Обработка завершена</translation>
    </message>
    <message>
        <source>CRM opened: %1</source>
        <translation>Открыта CRM: %1</translation>
    </message>
    <message>
        <source>Disposition: %1</source>
        <translation>Результат: %1</translation>
    </message>
    <message>
        <source>talk %1</source>
        <translation>разговор %1</translation>
    </message>
    <message>
        <source>wrap-up %1</source>
        <translation>обработка %1</translation>
    </message>
    <message>
        <source>Dialling</source>
        <translation>Набор номера</translation>
    </message>
    <message>
        <source>still running</source>
        <translation>продолжается</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>Outgoing call</source>
        <translation>Исходящий звонок</translation>
    </message>
    <message>
        <source>Internal call</source>
        <translation>Внутренний звонок</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <source>Ringing %1, talk %2, on hold %3, wrap-up %4, total %5</source>
        <translation>Звонок %1, разговор %2, удержание %3, обработка %4, всего %5</translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message>
        <source>&amp;Call back</source>
        <translation>&amp;Перезвонить</translation>
    </message>
    <message>
        <source>Copy &amp;number</source>
        <translation>Копировать &amp;номер</translation>
    </message>
    <message>
        <source>Open C&amp;RM record</source>
        <translation>Открыть карточку C&amp;RM</translation>
    </message>
    <message>
        <source>N&amp;ote…</source>
        <translation>&amp;Заметка…</translation>
    </message>
    <message>
        <source>Copy &amp;timeline</source>
        <translation>Копировать &amp;хронологию</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Хронология</translation>
    </message>
    <message>
        <source>No call selected</source>
        <translation>Звонок не выбран</translation>
    </message>
    <message>
        <source>Call result: %1</source>
        <translation>Результат обращения: %1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Заметка: %1</translation>
    </message>
    <message>
        <source>The call has no number</source>
        <translation>У звонка нет номера</translation>
    </message>
    <message>
        <source>No CRM record was opened for this call</source>
        <translation>Для этого звонка карточка CRM не открывалась</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Направление</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Итог</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>идёт</translation>
    </message>
    <message>
        <source>yesterday %1</source>
        <translation>вчера %1</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Входящий</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Исходящий</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>Внутренний</translation>
    </message>
    <message>
        <source>Search by number or name</source>
        <translation>Поиск по номеру или имени</translation>
    </message>
    <message>
        <source>&amp;Missed only</source>
        <translation>Только &amp;пропущенные</translation>
    </message>
    <message>
        <source>Any direction</source>
        <translation>Любое направление</translation>
    </message>
    <message>
        <source>Any result</source>
        <translation>Любой итог</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>За всё время</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>За 7 дней</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>За 30 дней</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Скрыть</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <source>Calling is not available</source>
        <translation>Звонить сейчас нельзя</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Экспорт в CSV…</translation>
    </message>
    <message>
        <source>Clear &amp;history…</source>
        <translation>&amp;Очистить историю…</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <source>The history file was damaged: it was set aside and a new one started.</source>
        <translation>Файл истории был повреждён: он отложен в сторону, начат новый.</translation>
    </message>
    <message>
        <source>The history file was locked by another program: a new one was started.</source>
        <translation>Файл истории заблокирован другой программой: начат новый.</translation>
    </message>
    <message>
        <source>The history file is from a newer version: it was kept aside, a new one started.</source>
        <translation>Файл истории создан более новой версией: он сохранён отдельно, начат новый.</translation>
    </message>
    <message>
        <source>The history cannot be saved on this computer: calls are kept until you quit.</source>
        <translation>Историю не удаётся сохранить на этом компьютере: звонки хранятся до выхода из программы.</translation>
    </message>
    <message>
        <source>Some calls could not be written to the history (see the log).</source>
        <translation>Некоторые звонки не удалось записать в историю (подробности в журнале).</translation>
    </message>
    <message>
        <source>Call history</source>
        <translation>История звонков</translation>
    </message>
    <message>
        <source>%1 — missed: %2</source>
        <translation>%1 — пропущено: %2</translation>
    </message>
    <message>
        <source>Calls: %1</source>
        <translation>Звонков: %1</translation>
    </message>
    <message>
        <source>No calls</source>
        <translation>Звонков нет</translation>
    </message>
    <message>
        <source>Calling %1…</source>
        <translation>Звоним на %1…</translation>
    </message>
    <message>
        <source>CRM record not opened: %1</source>
        <translation>Карточка CRM не открыта: %1</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <source>Your note on this call:</source>
        <translation>Ваша заметка к звонку:</translation>
    </message>
    <message>
        <source>Export call history</source>
        <translation>Экспорт истории звонков</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Экспорт не удался: %1</translation>
    </message>
    <message>
        <source>Calls exported: %1 (%2)</source>
        <translation>Экспортировано звонков: %1 (%2)</translation>
    </message>
    <message>
        <source>Clear call history…</source>
        <translation>Очистить историю звонков…</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Очистить историю</translation>
    </message>
    <message>
        <source>Delete the whole call history, notes included? This cannot be undone.</source>
        <translation>Удалить всю историю звонков вместе с заметками? Это нельзя отменить.</translation>
    </message>
    <message>
        <source>Call history cleared</source>
        <translation>История звонков очищена</translation>
    </message>
    <message>
        <source>Call history (%1 missed)…</source>
        <translation>История звонков (пропущено: %1)…</translation>
    </message>
    <message>
        <source>Call history…</source>
        <translation>История звонков…</translation>
    </message>
    <message>
        <source>Timeline of this call</source>
        <translation>Хронология звонка</translation>
    </message>
    <message>
        <source>No timeline for this call yet</source>
        <translation>Хронологии этого звонка пока нет</translation>
    </message>
</context>
<context>
    <name>HistoryWords</name>
    <message>
        <source>answered</source>
        <translation>отвечен</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>пропущен</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>занято</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>нет ответа</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>отклонён</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>transferred</source>
        <translation>переведён</translation>
    </message>
    <message>
        <source>answered elsewhere</source>
        <translation>отвечен в другом месте</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>успешно</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>вернулся</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменён</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>не найден</translation>
    </message>
    <message>
        <source>no number</source>
        <translation>нет номера</translation>
    </message>
    <message>
        <source>bad number</source>
        <translation>неверный номер</translation>
    </message>
    <message>
        <source>incompatible</source>
        <translation>несовместимое соединение</translation>
    </message>
    <message>
        <source>call gone</source>
        <translation>звонка уже нет</translation>
    </message>
    <message>
        <source>network trouble</source>
        <translation>сбой сети</translation>
    </message>
    <message>
        <source>return failed</source>
        <translation>ошибка возврата</translation>
    </message>
    <message>
        <source>caller hung up</source>
        <translation>абонент положил трубку</translation>
    </message>
    <message>
        <source>blind</source>
        <translation>слепой</translation>
    </message>
    <message>
        <source>consultation</source>
        <translation>с консультацией</translation>
    </message>
    <message>
        <source>conference</source>
        <translation>конференция</translation>
    </message>
    <message>
        <source>with return</source>
        <translation>с возвратом</translation>
    </message>
    <message>
        <source>ringing</source>
        <translation>звонит</translation>
    </message>
    <message>
        <source>talking</source>
        <translation>разговор</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>на удержании</translation>
    </message>
    <message>
        <source>wrap-up</source>
        <translation>обработка</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Не беспокоить</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Обработка</translation>
    </message>
</context>
</TS>
