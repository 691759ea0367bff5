<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Phone system</source>
        <translation>Телефонная система</translation>
    </message>
    <message>
        <source>CTI server address</source>
        <translation>Адрес CTI-сервера</translation>
    </message>
    <message>
        <source>ws://host:8098 or wss://host/path</source>
        <translation>ws://хост:8098 или wss://хост/путь</translation>
    </message>
    <message>
        <source>Naumen CTI API</source>
        <translation>Naumen CTI API</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>The WebPhone has no conference commands</source>
        <translation>У WebPhone нет команд конференции</translation>
    </message>
    <message>
        <source>SoftPhone</source>
        <translation>SoftPhone</translation>
    </message>
    <message>
        <source>WebPhone</source>
        <translation>WebPhone</translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM)</source>
        <translation>Дополнительные сертификаты ЦС (PEM)</translation>
    </message>
    <message>
        <source>For wss:// servers signed by your own certificate authority</source>
        <translation>Для серверов wss:// с сертификатом вашего собственного ЦС</translation>
    </message>
    <message>
        <source>Authentication in front of the server</source>
        <translation>Аутентификация перед сервером</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>User name and password (Basic)</source>
        <translation>Имя и пароль (Basic)</translation>
    </message>
    <message>
        <source>Token (Bearer)</source>
        <translation>Токен (Bearer)</translation>
    </message>
    <message>
        <source>User name (HTTP Basic)</source>
        <translation>Имя пользователя (HTTP Basic)</translation>
    </message>
    <message>
        <source>Password or token</source>
        <translation>Пароль или токен</translation>
    </message>
    <message>
        <source>Kept in the system keyring, never in a file</source>
        <translation>Хранится в системном хранилище паролей, никогда в файле</translation>
    </message>
    <message>
        <source>Proxy for the CTI connection</source>
        <translation>Прокси для подключения к CTI</translation>
    </message>
    <message>
        <source>http://host:port (an HTTP CONNECT proxy); empty connects directly (proxy environment variables are not used)</source>
        <translation>http://хост:порт (HTTP-прокси с CONNECT); пусто — подключение напрямую (переменные окружения с прокси не используются)</translation>
    </message>
    <message>
        <source>Command timeout, seconds</source>
        <translation>Время ожидания ответа на команду, с</translation>
    </message>
    <message>
        <source>Operator login</source>
        <translation>Логин оператора</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>Последний логин</translation>
    </message>
    <message>
        <source>CRM address template</source>
        <translation>Шаблон адреса карточки в CRM</translation>
    </message>
    <message>
        <source>e.g. https://crm.example.com/card?phone={caller}&amp;sid={sessionId}</source>
        <translation>например, https://crm.example.com/card?phone={caller}&amp;sid={sessionId}</translation>
    </message>
    <message>
        <source>More templates with conditions</source>
        <translation>Дополнительные шаблоны с условиями</translation>
    </message>
    <message>
        <source>One per line: condition =&gt; template; the first match wins</source>
        <translation>По одному в строке: условие =&gt; шаблон; срабатывает первое совпадение</translation>
    </message>
    <message>
        <source>Open the CRM card</source>
        <translation>Открывать карточку CRM</translation>
    </message>
    <message>
        <source>When the call rings</source>
        <translation>При поступлении звонка</translation>
    </message>
    <message>
        <source>When I answer</source>
        <translation>Когда я отвечаю</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Никогда</translation>
    </message>
    <message>
        <source>Allowed CRM hosts</source>
        <translation>Разрешённые адреса CRM</translation>
    </message>
    <message>
        <source>Comma-separated; while empty, the call&apos;s own URL is never opened</source>
        <translation>Через запятую; пока список пуст, собственный адрес звонка не открывается</translation>
    </message>
    <message>
        <source>Allowed schemes</source>
        <translation>Разрешённые протоколы</translation>
    </message>
    <message>
        <source>When a template value is missing</source>
        <translation>Если в шаблоне не хватает значения</translation>
    </message>
    <message>
        <source>Do not open the card</source>
        <translation>Не открывать карточку</translation>
    </message>
    <message>
        <source>Leave the value empty</source>
        <translation>Оставить значение пустым</translation>
    </message>
    <message>
        <source>Also open the call&apos;s own URL</source>
        <translation>Открывать также адрес из данных звонка</translation>
    </message>
    <message>
        <source>Wait for late call data, ms</source>
        <translation>Ждать запоздавшие данные звонка, мс</translation>
    </message>
    <message>
        <source>Open with</source>
        <translation>Чем открывать</translation>
    </message>
    <message>
        <source>The default browser</source>
        <translation>Браузер по умолчанию</translation>
    </message>
    <message>
        <source>A command</source>
        <translation>Команда</translation>
    </message>
    <message>
        <source>Command (the URL is appended)</source>
        <translation>Команда (адрес добавляется в конец)</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Hold / resume</source>
        <translation>Удержание / возобновить</translation>
    </message>
    <message>
        <source>Mute / unmute</source>
        <translation>Выключить / включить микрофон</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Finish wrap-up</source>
        <translation>Завершить постобработку</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Dial a number</source>
        <translation>Набрать номер</translation>
    </message>
    <message>
        <source>Change state (opens the menu)</source>
        <translation>Сменить статус (открывает меню)</translation>
    </message>
    <message>
        <source>Conference panel</source>
        <translation>Панель конференций</translation>
    </message>
    <message>
        <source>System-wide hotkeys</source>
        <translation>Общесистемные сочетания клавиш</translation>
    </message>
    <message>
        <source>These work while another program has the focus (comma-separated names)</source>
        <translation>Работают, даже когда активна другая программа (имена через запятую)</translation>
    </message>
    <message>
        <source>Not-ready reasons</source>
        <translation>Причины «Не готов»</translation>
    </message>
    <message>
        <source>Reason codes sent to the server, in menu order</source>
        <translation>Коды причин для сервера, в порядке меню</translation>
    </message>
    <message>
        <source>Reason labels</source>
        <translation>Названия причин</translation>
    </message>
    <message>
        <source>One per line: code = label (e.g. CustomAwayReason1 = Training)</source>
        <translation>По одной в строке: код = название (например, CustomAwayReason1 = Обучение)</translation>
    </message>
    <message>
        <source>Offer Do not disturb</source>
        <translation>Предлагать «Не беспокоить»</translation>
    </message>
    <message>
        <source>Label of custom state 1 (empty hides it)</source>
        <translation>Название своего статуса 1 (пусто — скрыт)</translation>
    </message>
    <message>
        <source>Label of custom state 2 (empty hides it)</source>
        <translation>Название своего статуса 2 (пусто — скрыт)</translation>
    </message>
    <message>
        <source>Label of custom state 3 (empty hides it)</source>
        <translation>Название своего статуса 3 (пусто — скрыт)</translation>
    </message>
    <message>
        <source>Transfer directory</source>
        <translation>Справочник для перевода</translation>
    </message>
    <message>
        <source>One per line: label; number; group (department, colleague, queue)</source>
        <translation>По одному в строке: название; номер; группа (отдел, коллега, очередь)</translation>
    </message>
    <message>
        <source>Editable call parameters</source>
        <translation>Изменяемые параметры звонка</translation>
    </message>
    <message>
        <source>Editable local parameters</source>
        <translation>Изменяемые локальные параметры</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Расположение</translation>
    </message>
    <message>
        <source>Horizontal strip</source>
        <translation>Горизонтальная полоса</translation>
    </message>
    <message>
        <source>Vertical panel</source>
        <translation>Вертикальная панель</translation>
    </message>
    <message>
        <source>Always on top</source>
        <translation>Поверх всех окон</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>Цвета</translation>
    </message>
    <message>
        <source>As in the system</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Светлые</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Тёмные</translation>
    </message>
    <message>
        <source>Tray notifications</source>
        <translation>Уведомления в трее</translation>
    </message>
    <message>
        <source>Sound on incoming calls</source>
        <translation>Звук при входящем звонке</translation>
    </message>
    <message>
        <source>Ring sound file (WAV)</source>
        <translation>Файл звука звонка (WAV)</translation>
    </message>
    <message>
        <source>Empty plays the built-in ring</source>
        <translation>Пусто — встроенный звук звонка</translation>
    </message>
    <message>
        <source>Ring volume, %</source>
        <translation>Громкость звонка, %</translation>
    </message>
    <message>
        <source>Ring sound device</source>
        <translation>Устройство для звука звонка</translation>
    </message>
    <message>
        <source>Empty uses the system&apos;s default output</source>
        <translation>Пусто — устройство вывода по умолчанию</translation>
    </message>
    <message>
        <source>Ring while on a call</source>
        <translation>Звонить во время разговора</translation>
    </message>
    <message>
        <source>Bring the toolbar forward on a ring</source>
        <translation>Выводить панель вперёд при звонке</translation>
    </message>
    <message>
        <source>Takes the focus from the program you are working in</source>
        <translation>Забирает фокус у программы, в которой вы работаете</translation>
    </message>
    <message>
        <source>Confirm calls from links</source>
        <translation>Подтверждать звонки по ссылкам</translation>
    </message>
    <message>
        <source>Ask before calling a tel:, callto: or sip: link or --dial</source>
        <translation>Спрашивать перед звонком по ссылке tel:, callto:, sip: или --dial</translation>
    </message>
    <message>
        <source>Window geometry</source>
        <translation>Положение окна</translation>
    </message>
    <message>
        <source>Recent numbers</source>
        <translation>Недавние номера</translation>
    </message>
    <message>
        <source>Recent transfer targets</source>
        <translation>Недавние адресаты перевода</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Язык системы</translation>
    </message>
    <message>
        <source>Keep call history, days</source>
        <translation>Хранить историю звонков, дней</translation>
    </message>
    <message>
        <source>Older calls are deleted at start and daily</source>
        <translation>Более старые звонки удаляются при запуске и раз в сутки</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>Подробность журнала</translation>
    </message>
    <message>
        <source>Debug (everything)</source>
        <translation>Отладка (всё)</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Информация</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Предупреждения</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Только ошибки</translation>
    </message>
    <message>
        <source>Log protocol frames</source>
        <translation>Записывать кадры протокола</translation>
    </message>
    <message>
        <source>Oktell</source>
        <extracomment>What the Web-API can do: answer, hang up (decline / abort / stop the autocall), hold, return and swap (flash), dial (autocall), blind and consultation transfers to a number (``wp_switchcall``; hanging up with the party held completes it), cancelling one (``wp_flash mode=abort``), and the user state. No mute, DTMF, conferences, call parameters, secure mode or wrap-up: those are not offered. ``normal`` ready (1), ``away`` a break with a reason (``onlunch``), ``dnd`` not at place (3).
----------
The system ``cti/backend`` names by default (and ``--demo`` without ``--backend``). One entry per package: its spec module (``SPEC`` or ``SPECS``). Systems announced in ``cti/backend`` that this version cannot talk to yet.</extracomment>
        <translation>Oktell</translation>
    </message>
    <message>
        <source>Web-API password</source>
        <translation>Пароль Web-API</translation>
    </message>
    <message>
        <source>HTTP Basic password of cti/auth_user (or the login); kept in the keyring</source>
        <translation>Пароль HTTP Basic для cti/auth_user (или логина); хранится в системном хранилище паролей</translation>
    </message>
    <message>
        <source>Oktell user GUID</source>
        <translation>GUID пользователя Oktell</translation>
    </message>
    <message>
        <source>Optional: the user&apos;s id, for tst_getuserstate</source>
        <translation>Необязательно: идентификатор пользователя для tst_getuserstate</translation>
    </message>
    <message>
        <source>Poll every, ms</source>
        <translation>Опрашивать каждые, мс</translation>
    </message>
    <message>
        <source>Outgoing calls ring</source>
        <translation>При исходящем звонке сначала звонит</translation>
    </message>
    <message>
        <source>the number first, then my phone</source>
        <translation>номер, потом мой телефон</translation>
    </message>
    <message>
        <source>my phone first, then the number</source>
        <translation>мой телефон, потом номер</translation>
    </message>
    <message>
        <source>Send the password over plain http:// (not recommended)</source>
        <translation>Передавать пароль по открытому http:// (не рекомендуется)</translation>
    </message>
    <message>
        <source>Oktell needs the password with every request. Over http:// anyone on the network can read it: use https:// (the Web-API&apos;s port 4055). Loopback addresses are always allowed.</source>
        <translation>Oktell требует пароль в каждом запросе. По http:// его может прочитать любой в сети: используйте https:// (порт Web-API 4055). Адреса этого компьютера (loopback) разрешены всегда.</translation>
    </message>
    <message>
        <source>Vega PBX</source>
        <extracomment>What the toolbar can do on Vega: nothing but show what the PBX reports.</extracomment>
        <translation>АТС Vega</translation>
    </message>
    <message>
        <source>Gateway token</source>
        <translation>Токен шлюза</translation>
    </message>
    <message>
        <source>The operator&apos;s token from the gateway&apos;s tokens file (kept in the keyring)</source>
        <translation>Токен оператора из файла токенов шлюза (хранится в системном хранилище паролей)</translation>
    </message>
    <message>
        <source>Webhook call events</source>
        <translation>События звонков через webhook</translation>
    </message>
    <message>
        <source>Autosecretary</source>
        <translation>Автосекретарь</translation>
    </message>
    <message>
        <source>Record consultations</source>
        <translation>Записывать консультации</translation>
    </message>
    <message>
        <source>Transfers to full and PBX numbers are recorded</source>
        <translation>Переводы на полные номера и номера PBX записываются</translation>
    </message>
    <message>
        <source>Prompt to play</source>
        <translation>Сообщение для проигрывания</translation>
    </message>
    <message>
        <source>A recording uploaded to the platform (file name, no extension)</source>
        <translation>Запись, загруженная на платформу (имя файла без расширения)</translation>
    </message>
    <message>
        <source>Your extension</source>
        <translation>Ваш внутренний номер</translation>
    </message>
    <message>
        <source>The PBX&apos;s calls for this extension are yours (empty: the login)</source>
        <translation>Звонки АТС на этот номер — ваши (пусто: логин)</translation>
    </message>
    <message>
        <source>CRM priority</source>
        <translation>Приоритет CRM</translation>
    </message>
    <message>
        <source>Which CRM answer is shown and opened when several know the caller</source>
        <translation>Чей ответ показывать и открывать, если звонящего знают несколько CRM</translation>
    </message>
    <message>
        <source>Lowest number first</source>
        <translation>Сначала меньший номер</translation>
    </message>
    <message>
        <source>Highest number first</source>
        <translation>Сначала больший номер</translation>
    </message>
    <message>
        <source>Close silent calls after a reconnect, seconds</source>
        <translation>Закрывать молчащие звонки после переподключения, секунд</translation>
    </message>
    <message>
        <source>The PBX sends no call list: calls not heard of again are closed</source>
        <translation>АТС не присылает список звонков: звонки без новых событий закрываются</translation>
    </message>
    <message>
        <source>Call results and callbacks go to the PMS of this project</source>
        <translation>Результаты обращений и перезвоны уходят в PMS этого проекта</translation>
    </message>
    <message>
        <source>PMS request timeout, seconds</source>
        <translation>Время ожидания ответа PMS, секунды</translation>
    </message>
    <message>
        <source>Call results</source>
        <translation>Результаты обращения</translation>
    </message>
    <message>
        <source>One per line: code = label (e.g. CRR_DISCONNECT = Disconnected)</source>
        <translation>По одному в строке: код = название (например, CRR_DISCONNECT = Разъединение)</translation>
    </message>
    <message>
        <source>A call result is required before finishing wrap-up</source>
        <translation>Без результата обращения постобработку не завершить</translation>
    </message>
    <message>
        <source>Offer scheduling a callback</source>
        <translation>Предлагать запланировать перезвон</translation>
    </message>
    <message>
        <source>Call parameter holding the project UUID</source>
        <translation>Параметр вызова с UUID проекта</translation>
    </message>
    <message>
        <source>Supervisor mode (send notices)</source>
        <translation>Режим супервизора (рассылка оповещений)</translation>
    </message>
    <message>
        <source>The window menu offers Send a notice…</source>
        <translation>В меню окна появится «Отправить оповещение…»</translation>
    </message>
    <message>
        <source>Projects for notices</source>
        <translation>Проекты для оповещений</translation>
    </message>
    <message>
        <source>One per line: project UUID = label</source>
        <translation>По одному в строке: UUID проекта = название</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>About agent-toolbar</source>
        <translation>О программе agent-toolbar</translation>
    </message>
    <message>
        <source>A toolbar for contact-center operators</source>
        <translation>Панель оператора контакт-центра</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>Server version</source>
        <translation>Версия сервера</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Administrator settings</source>
        <translation>Настройки администратора</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Журнал</translation>
    </message>
    <message>
        <source>console only</source>
        <translation>только консоль</translation>
    </message>
    <message>
        <source>Password storage</source>
        <translation>Хранилище паролей</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>Среда</translation>
    </message>
</context>
<context>
    <name>Accident</name>
    <message>
        <source>empty address</source>
        <translation>пустой адрес</translation>
    </message>
    <message>
        <source>address not recognised</source>
        <translation>адрес не распознан</translation>
    </message>
    <message>
        <source>connection type mismatch</source>
        <translation>несовместимый тип соединения</translation>
    </message>
    <message>
        <source>no such connection</source>
        <translation>соединение не найдено</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>нет ответа</translation>
    </message>
    <message>
        <source>network problem</source>
        <translation>сбой сети</translation>
    </message>
    <message>
        <source>unknown hang-up code</source>
        <translation>неизвестный код разъединения</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>занято</translation>
    </message>
    <message>
        <source>caller hung up</source>
        <translation>абонент положил трубку</translation>
    </message>
    <message>
        <source>no address to route to</source>
        <translation>нет адреса для маршрутизации</translation>
    </message>
    <message>
        <source>error %1</source>
        <translation>ошибка %1</translation>
    </message>
</context>
<context>
    <name>Action</name>
    <message>
        <source>Answer</source>
        <extracomment>Intent action keys (``Intent.action``) → the action the operator clicked.</extracomment>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Вернуть</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Выкл. микрофон</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Вкл. микрофон</translation>
    </message>
    <message>
        <source>Keypad (DTMF)</source>
        <translation>Тональный набор (DTMF)</translation>
    </message>
    <message>
        <source>Make active</source>
        <translation>Сделать активным</translation>
    </message>
    <message>
        <source>Finish wrap-up</source>
        <translation>Завершить постобработку</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Cancel transfer</source>
        <translation>Отменить перевод</translation>
    </message>
    <message>
        <source>Complete transfer</source>
        <translation>Завершить перевод</translation>
    </message>
    <message>
        <source>Pause recording</source>
        <translation>Приостановить запись</translation>
    </message>
    <message>
        <source>Resume recording</source>
        <translation>Возобновить запись</translation>
    </message>
    <message>
        <source>Edit call data</source>
        <translation>Изменить данные звонка</translation>
    </message>
    <message>
        <source>Add to conference</source>
        <translation>Добавить в конференцию</translation>
    </message>
    <message>
        <source>Play prompt</source>
        <translation>Проиграть сообщение</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>Change state</source>
        <translation>Сменить статус</translation>
    </message>
    <message>
        <source>New conference</source>
        <translation>Новая конференция</translation>
    </message>
</context>
<context>
    <name>ActionButton</name>
    <message>
        <source>Finish wrap-up</source>
        <translation>Завершить</translation>
    </message>
</context>
<context>
    <name>BroadcastDialog</name>
    <message>
        <source>Send a notice</source>
        <translation>Отправить оповещение</translation>
    </message>
    <message>
        <source>ivanova, petrov, department UUID…</source>
        <translation>ivanova, petrov, UUID отдела…</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Кому</translation>
    </message>
    <message>
        <source>People and departments</source>
        <translation>Сотрудники и отделы</translation>
    </message>
    <message>
        <source>Project UUID</source>
        <translation>UUID проекта</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Проект</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Операторы</translation>
    </message>
    <message>
        <source>Supervisors</source>
        <translation>Супервизоры</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Роли</translation>
    </message>
    <message>
        <source>No role ticked: everyone signed in to the project.</source>
        <translation>Роли не отмечены — всем сотрудникам проекта, вошедшим в систему.</translation>
    </message>
    <message>
        <source>e.g. SL dropped to 20%.</source>
        <translation>например, SL снизился до 20%.</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Оповещение</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
    <message>
        <source>The notice was sent.</source>
        <translation>Оповещение отправлено.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Не отправлено: %1</translation>
    </message>
</context>
<context>
    <name>CallCard</name>
    <message>
        <source>%1 (%2)</source>
        <extracomment>The card&apos;s buttons, in order: each shows the first action of its pair that applies. Narrowest width of a card in the horizontal strip (every card gets at least this). Widest a card grows in the strip, when its name and state need it and there is room.</extracomment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Call to %1, %2</source>
        <translation>Исходящий звонок %1, %2</translation>
    </message>
    <message>
        <source>Call from %1, %2</source>
        <translation>Входящий звонок от %1, %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Conference</source>
        <extracomment>Call parameters that name the project or queue, in order of preference.</extracomment>
        <translation>Конференция</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Неизвестный абонент</translation>
    </message>
    <message>
        <source>Muted</source>
        <translation>Микрофон выкл.</translation>
    </message>
    <message>
        <source>Recording: %1</source>
        <translation>Запись: %1</translation>
    </message>
    <message>
        <source>Recording paused</source>
        <translation>Запись приостановлена</translation>
    </message>
    <message>
        <source>Pausing recording…</source>
        <translation>Приостанавливаем запись…</translation>
    </message>
    <message>
        <source>Resuming recording…</source>
        <translation>Возобновляем запись…</translation>
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
        <source>Failed: %1</source>
        <translation>Не выполнено: %1</translation>
    </message>
    <message>
        <source>Phone system: %1</source>
        <translation>Телефонная система: %1</translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>Скрыть сообщение</translation>
    </message>
</context>
<context>
    <name>CallDataPanel</name>
    <message>
        <source>Name</source>
        <translation>Параметр</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Copy value</source>
        <translation>Копировать значение</translation>
    </message>
    <message>
        <source>Show or hide the call&apos;s parameters</source>
        <translation>Показать или скрыть параметры звонка</translation>
    </message>
    <message>
        <source>Call data (%1)</source>
        <translation>Данные звонка (%1)</translation>
    </message>
    <message>
        <source>Call parameters</source>
        <translation>Параметры звонка</translation>
    </message>
    <message>
        <source>Local parameters</source>
        <translation>Локальные параметры</translation>
    </message>
    <message>
        <source>Enter saves, Esc reverts</source>
        <translation>Enter — сохранить, Esc — отменить</translation>
    </message>
</context>
<context>
    <name>CallList</name>
    <message>
        <source>No calls</source>
        <extracomment>Transfer targets&apos; directory labels (number → label), shared by every card.</extracomment>
        <translation>Нет звонков</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
</context>
<context>
    <name>CallState</name>
    <message>
        <source>Wrap-up</source>
        <translation>Постобработка</translation>
    </message>
    <message>
        <source>Outgoing: pick up your phone</source>
        <translation>Исходящий: снимите трубку</translation>
    </message>
    <message>
        <source>Dialling</source>
        <translation>Набор номера</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Вызов</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>На удержании</translation>
    </message>
    <message>
        <source>Talking</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <source>New message</source>
        <translation>Новое сообщение</translation>
    </message>
    <message>
        <source>In work</source>
        <translation>В работе</translation>
    </message>
</context>
<context>
    <name>Channel</name>
    <message>
        <source>Telegram</source>
        <translation>Telegram</translation>
    </message>
    <message>
        <source>Web chat</source>
        <translation>Чат на сайте</translation>
    </message>
    <message>
        <source>XMPP chat</source>
        <translation>Чат XMPP</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Электронная почта</translation>
    </message>
    <message>
        <source>Facebook message</source>
        <translation>Сообщение Facebook</translation>
    </message>
    <message>
        <source>Facebook mention</source>
        <translation>Упоминание в Facebook</translation>
    </message>
    <message>
        <source>Instagram Direct</source>
        <translation>Instagram Direct</translation>
    </message>
    <message>
        <source>Instagram comment</source>
        <translation>Комментарий в Instagram</translation>
    </message>
    <message>
        <source>VK message</source>
        <translation>Сообщение ВКонтакте</translation>
    </message>
    <message>
        <source>VK post or mention</source>
        <translation>Запись или упоминание ВКонтакте</translation>
    </message>
    <message>
        <source>VK product comment</source>
        <translation>Комментарий к товару ВКонтакте</translation>
    </message>
    <message>
        <source>SIP messages</source>
        <translation>SIP-сообщения</translation>
    </message>
</context>
<context>
    <name>Chat</name>
    <message>
        <source>waiting to be taken into work</source>
        <translation>ждёт принятия в работу</translation>
    </message>
    <message>
        <source>in work</source>
        <translation>в работе</translation>
    </message>
    <message>
        <source>transferred to %1</source>
        <translation>передано на %1</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>закрыто</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Скрипт</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Система</translation>
    </message>
    <message>
        <source>unblocked</source>
        <translation>разблокировано</translation>
    </message>
    <message>
        <source>processed</source>
        <translation>обработано</translation>
    </message>
</context>
<context>
    <name>CommandFailure</name>
    <message>
        <source>refused by the phone system</source>
        <translation>телефонная система отказала</translation>
    </message>
    <message>
        <source>the phone system could not read the command</source>
        <translation>телефонная система не поняла команду</translation>
    </message>
    <message>
        <source>no answer from the server in time</source>
        <translation>сервер не ответил вовремя</translation>
    </message>
    <message>
        <source>not connected to the phone server</source>
        <translation>нет связи с сервером телефонии</translation>
    </message>
    <message>
        <source>this phone system cannot do that</source>
        <translation>эта телефонная система так не умеет</translation>
    </message>
    <message>
        <source>the request is not valid</source>
        <translation>недопустимый запрос</translation>
    </message>
    <message>
        <source>user name, password or token refused</source>
        <translation>имя пользователя, пароль или токен не приняты</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменено</translation>
    </message>
    <message>
        <source>the phone system did not confirm it in time</source>
        <translation>телефонная система не подтвердила вовремя</translation>
    </message>
    <message>
        <source>internal error (see the log)</source>
        <translation>внутренняя ошибка (см. журнал)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>CommandStage</name>
    <message>
        <source>%1: accepted, waiting for the phone</source>
        <translation>%1: принято, ждём подтверждения</translation>
    </message>
    <message>
        <source>%1: queued until the phone system collects it</source>
        <translation>%1: в очереди, пока телефонная система не заберёт</translation>
    </message>
</context>
<context>
    <name>ConferencePanel</name>
    <message>
        <source>The %1 has no conference calls.</source>
        <translation>В %1 нет конференций.</translation>
    </message>
    <message>
        <source>This phone system has no conference calls.</source>
        <translation>Эта телефонная система не поддерживает конференции.</translation>
    </message>
    <message>
        <source>No conference now.</source>
        <translation>Конференций сейчас нет.</translation>
    </message>
    <message>
        <source>Name (optional)</source>
        <translation>Название (необязательно)</translation>
    </message>
    <message>
        <source>End conference</source>
        <translation>Завершить конференцию</translation>
    </message>
    <message>
        <source>End “%1” for everyone? All its calls will be hung up.</source>
        <translation>Завершить «%1» для всех? Все её вызовы будут завершены.</translation>
    </message>
    <message>
        <source>Conference %1</source>
        <translation>Конференция %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Неизвестный абонент</translation>
    </message>
    <message>
        <source>You are in the conference</source>
        <translation>Вы в конференции</translation>
    </message>
    <message>
        <source>You have left; the others are still talking</source>
        <translation>Вы вышли; остальные продолжают разговор</translation>
    </message>
    <message>
        <source>Number or address to call in</source>
        <translation>Номер или адрес для вызова в конференцию</translation>
    </message>
    <message>
        <source>Call in</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>Call &amp;in</source>
        <translation>&amp;Позвонить</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>Rejoin</source>
        <translation>Вернуться</translation>
    </message>
    <message>
        <source>&amp;Leave</source>
        <translation>В&amp;ыйти</translation>
    </message>
    <message>
        <source>&amp;Rejoin</source>
        <translation>&amp;Вернуться</translation>
    </message>
    <message>
        <source>&amp;End conference</source>
        <translation>&amp;Завершить конференцию</translation>
    </message>
    <message>
        <source>No one else yet: call someone in or add a call</source>
        <translation>Пока никого: позвоните кому-нибудь или добавьте вызов</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Отключить</translation>
    </message>
    <message>
        <source>Take %1 out of the conference</source>
        <translation>Отключить %1 от конференции, не завершая вызов</translation>
    </message>
    <message>
        <source>No other call to add</source>
        <translation>Нет других вызовов для добавления</translation>
    </message>
    <message>
        <source>&amp;Add call</source>
        <translation>&amp;Добавить вызов</translation>
    </message>
    <message>
        <source>Add the selected call to the conference</source>
        <translation>Добавить выбранный вызов в конференцию</translation>
    </message>
    <message>
        <source>Type a number or an address to call in</source>
        <translation>Введите номер или адрес для вызова</translation>
    </message>
    <message>
        <source>“%1” is not a number or an address</source>
        <translation>«%1» — не номер и не адрес</translation>
    </message>
</context>
<context>
    <name>ConferenceWindow</name>
    <message>
        <source>Conferences</source>
        <translation>Конференции</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Не выполнено: %1</translation>
    </message>
    <message>
        <source>Conferences (%1)</source>
        <translation>Конференции (%1)</translation>
    </message>
    <message>
        <source>Conference “%1” started</source>
        <translation>Началась конференция «%1»</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>No messages yet</source>
        <translation>Сообщений пока нет</translation>
    </message>
    <message>
        <source>a script started</source>
        <translation>запущен скрипт</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <source>Reply with a text message…</source>
        <translation>Ответить текстовым сообщением…</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Переписка</translation>
    </message>
</context>
<context>
    <name>CredentialsBanner</name>
    <message>
        <source>No system keyring: passwords are kept only until you quit</source>
        <translation>Нет системного хранилища паролей: пароли хранятся только до выхода из программы</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>System-wide hotkeys</source>
        <extracomment>objectName of the Settings note about system-wide hotkeys.</extracomment>
        <translation>Общесистемные сочетания клавиш</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <source>Saving diagnostics (masking the logs)…</source>
        <translation>Сохранение диагностики (маскирование журналов)…</translation>
    </message>
    <message>
        <source>Save diagnostics</source>
        <translation>Сохранить диагностику</translation>
    </message>
    <message>
        <source>Zip archives (*.zip)</source>
        <translation>Архивы ZIP (*.zip)</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>Не удалось сохранить: %1</translation>
    </message>
</context>
<context>
    <name>Dialer</name>
    <message>
        <source>Type a number or address to call</source>
        <translation>Введите номер или адрес для звонка</translation>
    </message>
    <message>
        <source>Cannot call now: %1</source>
        <translation>Сейчас позвонить нельзя: %1</translation>
    </message>
    <message>
        <source>Call to %1 failed: %2</source>
        <translation>Звонок на %1 не удался: %2</translation>
    </message>
    <message>
        <source>Number or address</source>
        <translation>Номер или адрес</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>Номер для звонка</translation>
    </message>
    <message>
        <source>Type a number and press Enter; ↓ shows recent numbers</source>
        <translation>Введите номер и нажмите Enter; ↓ — недавние номера</translation>
    </message>
</context>
<context>
    <name>DispositionDialog</name>
    <message>
        <source>Call result</source>
        <translation>Результат обращения</translation>
    </message>
    <message>
        <source>Search by code or words…</source>
        <translation>Поиск по коду или словам…</translation>
    </message>
    <message>
        <source>No call results are set up (Settings → Wrap-up).</source>
        <translation>Результаты обращений не настроены (Настройки → Постобработка).</translation>
    </message>
    <message>
        <source>Save result</source>
        <translation>Сохранить результат</translation>
    </message>
    <message>
        <source>Schedule a callback</source>
        <translation>Запланировать перезвон</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Who calls back</source>
        <translation>Кто перезвонит</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Запланировать</translation>
    </message>
    <message>
        <source>The call has left the phone.</source>
        <translation>Вызов уже завершён и закрыт.</translation>
    </message>
    <message>
        <source>Call: %1</source>
        <translation>Вызов: %1</translation>
    </message>
    <message>
        <source>Result saved: %1</source>
        <translation>Результат сохранён: %1</translation>
    </message>
    <message>
        <source>Callback scheduled for %1</source>
        <translation>Перезвон запланирован на %1</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
</context>
<context>
    <name>DtmfPad</name>
    <message>
        <source>DTMF keypad</source>
        <extracomment>The keys of the pad, row by row (``!`` is a hook flash).</extracomment>
        <translation>Тональный набор</translation>
    </message>
    <message>
        <source>Flash (!)</source>
        <translation>Flash (!)</translation>
    </message>
    <message>
        <source>Flash</source>
        <translation>Flash</translation>
    </message>
    <message>
        <source>Send a hook flash</source>
        <translation>Отправить сигнал Flash</translation>
    </message>
    <message>
        <source>Key %1</source>
        <translation>Клавиша %1</translation>
    </message>
    <message>
        <source>Digits you press are sent at once</source>
        <translation>Нажатые цифры отправляются сразу</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Show the technical details</source>
        <translation>Показать технические подробности</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>Папка журнала</translation>
    </message>
    <message>
        <source>Open the log folder</source>
        <translation>Открыть папку журнала</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Ошибка: %1</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Скрыть</translation>
    </message>
    <message>
        <source>Dismiss the error</source>
        <translation>Скрыть сообщение об ошибке</translation>
    </message>
    <message>
        <source>Technical details</source>
        <translation>Технические подробности</translation>
    </message>
    <message>
        <source>%1 (×%2)</source>
        <translation>%1 (×%2)</translation>
    </message>
    <message>
        <source>The toolbar keeps working. Details are in the log.</source>
        <translation>Панель продолжает работать. Подробности — в журнале.</translation>
    </message>
</context>
<context>
    <name>GlobalHotkeys</name>
    <message>
        <source>This Wayland desktop offers no global shortcuts (the GlobalShortcuts portal): hotkeys work only while the toolbar has the focus.</source>
        <extracomment>Hotkeys that can be system-wide: every ``hotkeys/*`` action (the conference panel&apos;s too).</extracomment>
        <translation>Этот рабочий стол Wayland не предоставляет глобальных сочетаний клавиш (портал GlobalShortcuts): сочетания работают, только когда панель в фокусе.</translation>
    </message>
    <message>
        <source>System-wide hotkeys are not available here (%1): hotkeys work only while the toolbar has the focus.</source>
        <translation>Общесистемные сочетания клавиш здесь недоступны (%1): сочетания работают, только когда панель в фокусе.</translation>
    </message>
    <message>
        <source>System-wide hotkeys are not available on this display (%1): hotkeys work only while the toolbar has the focus.</source>
        <translation>На этом дисплее общесистемные сочетания клавиш недоступны (%1): сочетания работают, только когда панель в фокусе.</translation>
    </message>
    <message>
        <source>“%1” in hotkeys/global is not a hotkey</source>
        <translation>«%1» в hotkeys/global — не сочетание клавиш</translation>
    </message>
    <message>
        <source>%1 (%2) is held by another program: it works only while the toolbar has the focus</source>
        <translation>%1 (%2) занято другой программой: работает, только когда панель в фокусе</translation>
    </message>
    <message>
        <source>%1 (%2) cannot be a system-wide hotkey here</source>
        <translation>%1 (%2) не может быть здесь общесистемным сочетанием</translation>
    </message>
    <message>
        <source>System-wide hotkeys: %1.</source>
        <translation>Общесистемные сочетания клавиш: %1.</translation>
    </message>
    <message>
        <source>Active: %1.</source>
        <translation>Действуют: %1.</translation>
    </message>
</context>
<context>
    <name>Hotkeys</name>
    <message>
        <source>Answer</source>
        <extracomment>Hotkey names, each read from ``hotkeys/&lt;name&gt;``. Hotkeys a feature handles itself (it connects to ``Hotkeys.triggered``), not :func:`resolve`. Which hotkey a call action&apos;s tooltip mentions.</extracomment>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Hold / resume</source>
        <translation>Удержание / вернуть</translation>
    </message>
    <message>
        <source>Mute / unmute</source>
        <translation>Микрофон выкл. / вкл.</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Finish wrap-up</source>
        <translation>Завершить постобработку</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Conference panel</source>
        <translation>Панель конференций</translation>
    </message>
    <message>
        <source>Dial a number</source>
        <translation>Набрать номер</translation>
    </message>
    <message>
        <source>Change state</source>
        <translation>Сменить статус</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>several calls — make one of them active first</source>
        <translation>несколько звонков — сначала сделайте один из них активным</translation>
    </message>
    <message>
        <source>no call to act on</source>
        <translation>нет звонка для этого действия</translation>
    </message>
    <message>
        <source>no call is ringing</source>
        <translation>нет входящего вызова</translation>
    </message>
    <message>
        <source>no call is in wrap-up</source>
        <translation>нет звонка на постобработке</translation>
    </message>
    <message>
        <source>Hotkey for “%1” is not valid: %2</source>
        <translation>Неверное сочетание клавиш для «%1»: %2</translation>
    </message>
    <message>
        <source>%1 is set for both “%2” and “%3”; only “%2” uses it</source>
        <translation>%1 назначено и для «%2», и для «%3»; работает только «%2»</translation>
    </message>
    <message>
        <source>The hotkey for “%1” is also used by another control</source>
        <translation>Сочетание клавиш для «%1» уже занято другим элементом</translation>
    </message>
</context>
<context>
    <name>Invalid</name>
    <message>
        <source>choose a call result</source>
        <translation>выберите результат обращения</translation>
    </message>
    <message>
        <source>the call result&apos;s code cannot be sent</source>
        <translation>код результата нельзя отправить</translation>
    </message>
    <message>
        <source>this call result is not in the list</source>
        <translation>такого результата нет в списке</translation>
    </message>
    <message>
        <source>the call carries no project (ask your administrator)</source>
        <translation>у вызова нет проекта (обратитесь к администратору)</translation>
    </message>
    <message>
        <source>the project&apos;s UUID is not valid</source>
        <translation>неверный UUID проекта</translation>
    </message>
    <message>
        <source>the call has no session id yet</source>
        <translation>у вызова ещё нет идентификатора сессии</translation>
    </message>
    <message>
        <source>the call&apos;s session id cannot be sent</source>
        <translation>идентификатор сессии вызова нельзя отправить</translation>
    </message>
    <message>
        <source>the callback time has no time zone</source>
        <translation>у времени перезвона не указан часовой пояс</translation>
    </message>
    <message>
        <source>the callback time has already passed</source>
        <translation>время перезвона уже прошло</translation>
    </message>
    <message>
        <source>the callback is more than a year ahead</source>
        <translation>перезвон больше чем через год</translation>
    </message>
    <message>
        <source>enter the number to call back</source>
        <translation>укажите номер для перезвона</translation>
    </message>
    <message>
        <source>the number to call back is not valid</source>
        <translation>неверный номер для перезвона</translation>
    </message>
    <message>
        <source>enter who calls back</source>
        <translation>укажите, кто перезвонит</translation>
    </message>
    <message>
        <source>who calls back must be one login</source>
        <translation>перезвонить может один логин</translation>
    </message>
    <message>
        <source>the comment is too long (500 at most)</source>
        <translation>слишком длинный комментарий (не больше 500 знаков)</translation>
    </message>
    <message>
        <source>write the message</source>
        <translation>напишите сообщение</translation>
    </message>
    <message>
        <source>the message is too long (1000 at most)</source>
        <translation>слишком длинное сообщение (не больше 1000 знаков)</translation>
    </message>
    <message>
        <source>choose the project</source>
        <translation>выберите проект</translation>
    </message>
    <message>
        <source>the project UUID is not valid</source>
        <translation>неверный UUID проекта</translation>
    </message>
    <message>
        <source>name at least one login or department</source>
        <translation>укажите хотя бы один логин или отдел</translation>
    </message>
    <message>
        <source>a recipient is neither a login nor a department UUID</source>
        <translation>адресат — не логин и не UUID отдела</translation>
    </message>
    <message>
        <source>at most 100 recipients per notice</source>
        <translation>не больше 100 адресатов в одном оповещении</translation>
    </message>
    <message>
        <source>unknown role</source>
        <translation>неизвестная роль</translation>
    </message>
    <message>
        <source>the operator&apos;s login is unknown</source>
        <translation>логин оператора неизвестен</translation>
    </message>
    <message>
        <source>the request timeout setting is out of range</source>
        <translation>время ожидания запроса в настройках вне допустимого диапазона</translation>
    </message>
</context>
<context>
    <name>Link</name>
    <message>
        <source>server unreachable</source>
        <translation>сервер недоступен</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>соединение потеряно</translation>
    </message>
    <message>
        <source>secure connection failed (certificate)</source>
        <translation>ошибка защищённого соединения (сертификат)</translation>
    </message>
    <message>
        <source>the server does not speak this phone system&apos;s protocol</source>
        <translation>сервер не поддерживает протокол этой телефонной системы</translation>
    </message>
    <message>
        <source>protocol version not supported</source>
        <translation>версия протокола не поддерживается</translation>
    </message>
    <message>
        <source>the server refused the login</source>
        <translation>сервер отказал во входе</translation>
    </message>
    <message>
        <source>user name, password or token refused</source>
        <translation>имя пользователя, пароль или токен не приняты</translation>
    </message>
    <message>
        <source>the server has sent nothing for too long</source>
        <translation>сервер слишком долго ничего не присылает</translation>
    </message>
    <message>
        <source>the server did not answer</source>
        <translation>сервер не ответил</translation>
    </message>
    <message>
        <source>protocol error</source>
        <translation>ошибка протокола</translation>
    </message>
    <message>
        <source>server address or login missing or invalid</source>
        <translation>адрес сервера или логин не указаны или неверны</translation>
    </message>
    <message>
        <source>this phone system is not supported yet</source>
        <translation>эта телефонная система пока не поддерживается</translation>
    </message>
    <message>
        <source>connection problem</source>
        <extracomment>Refusals whose reason is the server&apos;s own description, shown with the problem.</extracomment>
        <translation>проблема с соединением</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <source>Listening · no events yet</source>
        <translation>Ожидание событий · пока ничего</translation>
    </message>
    <message>
        <source>Listening · last event %1 ago</source>
        <translation>Ожидание событий · последнее %1 назад</translation>
    </message>
    <message>
        <source>Connected · checked %1 ago</source>
        <translation>Подключено · проверено %1 назад</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Подключено</translation>
    </message>
    <message>
        <source>Connecting (attempt %1)…</source>
        <translation>Подключение (попытка %1)…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Reconnecting in %1 (attempt %2)</source>
        <translation>Переподключение через %1 (попытка %2)</translation>
    </message>
    <message>
        <source>Reconnecting (attempt %1)…</source>
        <translation>Переподключение (попытка %1)…</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Ошибка: %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 — next try in %2</source>
        <translation>%1 — следующая попытка через %2</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Отключено</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in — agent-toolbar</source>
        <translation>Вход — agent-toolbar</translation>
    </message>
    <message>
        <source>Enter your operator login to connect to the phone.</source>
        <translation>Введите логин оператора, чтобы подключиться к телефонии.</translation>
    </message>
    <message>
        <source>Operator login</source>
        <translation>Логин оператора</translation>
    </message>
    <message>
        <source>CTI server address</source>
        <translation>Адрес CTI-сервера</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Сервер: %1</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Сервер:</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>Enter your login.</source>
        <translation>Введите логин.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Agent Toolbar</source>
        <translation>Панель оператора</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <source>About</source>
        <translation>О программе</translation>
    </message>
    <message>
        <source>Save diagnostics…</source>
        <translation>Сохранить диагностику…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Меню</translation>
    </message>
</context>
<context>
    <name>OpenCrmButton</name>
    <message>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <source>Open the customer&apos;s card in the CRM</source>
        <translation>Открыть карточку клиента в CRM</translation>
    </message>
    <message>
        <source>Open CRM</source>
        <translation>Открыть CRM</translation>
    </message>
</context>
<context>
    <name>Reason</name>
    <message>
        <source>Lunch</source>
        <translation>Обед</translation>
    </message>
    <message>
        <source>Technical break</source>
        <translation>Технический перерыв</translation>
    </message>
    <message>
        <source>Computer locked</source>
        <translation>Компьютер заблокирован</translation>
    </message>
    <message>
        <source>Preparing to work</source>
        <translation>Подготовка к работе</translation>
    </message>
    <message>
        <source>Signing in</source>
        <translation>Вход в систему</translation>
    </message>
    <message>
        <source>No audio device</source>
        <translation>Нет аудиоустройства</translation>
    </message>
    <message>
        <source>Reason %1</source>
        <translation>Причина %1</translation>
    </message>
</context>
<context>
    <name>RemoteControl</name>
    <message>
        <source>agent-toolbar is quitting</source>
        <translation>agent-toolbar завершает работу</translation>
    </message>
    <message>
        <source>the toolbar is not connected to the phone system</source>
        <translation>панель не подключена к телефонной системе</translation>
    </message>
    <message>
        <source>“%1” is not a configured reason</source>
        <translation>«%1» — не настроенная причина</translation>
    </message>
    <message>
        <source>done: %1</source>
        <translation>выполнено: %1</translation>
    </message>
    <message>
        <source>%1: queued for when the calls are over</source>
        <translation>%1: будет выполнено после окончания звонков</translation>
    </message>
    <message>
        <source>%1 cannot be done from outside</source>
        <translation>%1 нельзя выполнить извне</translation>
    </message>
    <message>
        <source>cannot call now: %1</source>
        <translation>сейчас позвонить нельзя: %1</translation>
    </message>
    <message>
        <source>the operator did not confirm the call</source>
        <translation>оператор не подтвердил звонок</translation>
    </message>
    <message>
        <source>calling %1</source>
        <translation>звоним на %1</translation>
    </message>
    <message>
        <source>Call a number</source>
        <translation>Позвонить на номер</translation>
    </message>
    <message>
        <source>Call %1?</source>
        <translation>Позвонить на %1?</translation>
    </message>
</context>
<context>
    <name>Ring</name>
    <message>
        <source>Incoming call: %1</source>
        <translation>Входящий звонок: %1</translation>
    </message>
    <message>
        <source>unknown caller</source>
        <translation>неизвестный абонент</translation>
    </message>
</context>
<context>
    <name>ScreenPopTestDialog</name>
    <message>
        <source>Test the CRM address</source>
        <translation>Проверка адреса CRM</translation>
    </message>
    <message>
        <source>condition =&gt; template, one per line</source>
        <translation>условие =&gt; шаблон, по одному в строке</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Open the address as the toolbar would</source>
        <translation>Открыть адрес так, как это сделает панель</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Шаблон</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Правила</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Направление</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Отображаемое имя</translation>
    </message>
    <message>
        <source>Call parameters</source>
        <translation>Параметры звонка</translation>
    </message>
    <message>
        <source>Local parameters</source>
        <translation>Локальные параметры</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Правило</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Call&apos;s url</source>
        <translation>Адрес из звонка</translation>
    </message>
    <message>
        <source>Template error: %1</source>
        <translation>Ошибка в шаблоне: %1</translation>
    </message>
    <message>
        <source>No rule applies and there is no template</source>
        <translation>Ни одно правило не подходит, и шаблона нет</translation>
    </message>
    <message>
        <source>Nothing would be opened</source>
        <translation>Ничего не откроется</translation>
    </message>
    <message>
        <source>The template (incoming calls)</source>
        <translation>Шаблон (входящие звонки)</translation>
    </message>
    <message>
        <source>Rule on line %1: %2</source>
        <translation>Правило в строке %1: %2</translation>
    </message>
    <message>
        <source>Blocked: no value for %1</source>
        <translation>Заблокировано: нет значения для %1</translation>
    </message>
    <message>
        <source>Would open %1</source>
        <translation>Откроется %1</translation>
    </message>
    <message>
        <source>(empty: %1)</source>
        <translation>(пусто: %1)</translation>
    </message>
    <message>
        <source>Refused (%1): %2</source>
        <translation>Отклонено (%1): %2</translation>
    </message>
    <message>
        <source>Not opened (setting off)</source>
        <translation>Не открывается (настройка выключена)</translation>
    </message>
    <message>
        <source>The call has no url</source>
        <translation>В звонке нет адреса</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Параметр</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Could not open: %1</source>
        <translation>Не удалось открыть: %1</translation>
    </message>
</context>
<context>
    <name>SecureBanner</name>
    <message>
        <source>Recording paused — secure mode</source>
        <translation>Запись приостановлена — защищённый режим</translation>
    </message>
</context>
<context>
    <name>ServiceMenu</name>
    <message>
        <source>Log out of the phone? Calls on it end and you go offline.</source>
        <translation>Выйти из софтфона? Вызовы на нём завершатся, вы перейдёте в «Не в сети».</translation>
    </message>
    <message>
        <source>Quit the phone application? Calls on it end and you go offline.</source>
        <translation>Закрыть софтфон? Вызовы на нём завершатся, вы перейдёте в «Не в сети».</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Work from another number</source>
        <translation>Работа с другого номера</translation>
    </message>
    <message>
        <source>SIP address of the phone to work from (sip:number@host):</source>
        <translation>SIP-адрес телефона, с которого работать (sip:номер@хост):</translation>
    </message>
    <message>
        <source>Take the number over if another operator has it?</source>
        <translation>Забрать номер, если он привязан к другому оператору?</translation>
    </message>
    <message>
        <source>The phone&apos;s page was reloaded</source>
        <translation>Страница софтфона перезагружена</translation>
    </message>
    <message>
        <source>The audio device was restarted</source>
        <translation>Аудиоустройство перезапущено</translation>
    </message>
    <message>
        <source>You now work from the new number</source>
        <translation>Теперь вы работаете с нового номера</translation>
    </message>
    <message>
        <source>Logged out of the phone</source>
        <translation>Выход из софтфона выполнен</translation>
    </message>
    <message>
        <source>The phone application quits</source>
        <translation>Софтфон закрывается</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Не выполнено: %1</translation>
    </message>
    <message>
        <source>Send a notice…</source>
        <translation>Отправить оповещение…</translation>
    </message>
    <message>
        <source>Work from another number…</source>
        <translation>Работать с другого номера…</translation>
    </message>
    <message>
        <source>Reload the phone&apos;s page</source>
        <translation>Перезагрузить страницу софтфона</translation>
    </message>
    <message>
        <source>Restart the audio device</source>
        <translation>Перезапустить аудиоустройство</translation>
    </message>
    <message>
        <source>Log out of the phone…</source>
        <translation>Выйти из софтфона…</translation>
    </message>
    <message>
        <source>Quit the phone application…</source>
        <translation>Закрыть софтфон…</translation>
    </message>
    <message>
        <source>Troubleshooting</source>
        <translation>Устранение неполадок</translation>
    </message>
</context>
<context>
    <name>SettingEditor</name>
    <message>
        <source>a, b, c</source>
        <translation>а, б, в</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Выберите файл</translation>
    </message>
</context>
<context>
    <name>SettingsCheck</name>
    <message>
        <source>The port in the server address is not a number from 1 to 65535</source>
        <translation>Порт в адресе сервера должен быть числом от 1 до 65535</translation>
    </message>
    <message>
        <source>The CA certificates file cannot be read: %1</source>
        <translation>Файл сертификатов УЦ не читается: %1</translation>
    </message>
    <message>
        <source>The CA certificates file holds no PEM certificate</source>
        <translation>В файле сертификатов УЦ нет сертификата PEM</translation>
    </message>
    <message>
        <source>The proxy must be written http://host:port</source>
        <translation>Прокси записывается так: http://хост:порт</translation>
    </message>
    <message>
        <source>The CRM address must start with http:// or https://</source>
        <translation>Адрес CRM должен начинаться с http:// или https://</translation>
    </message>
    <message>
        <source>The CRM address cannot be used: %1</source>
        <translation>Адрес CRM нельзя использовать: %1</translation>
    </message>
    <message>
        <source>A screen-pop rule cannot be used: %1</source>
        <translation>Правило открытия карточки нельзя использовать: %1</translation>
    </message>
    <message>
        <source>“%1” is not a host name (write crm.example.com, without http://)</source>
        <translation>«%1» — не имя хоста (пишите crm.example.com, без http://)</translation>
    </message>
    <message>
        <source>Only http and https can be allowed</source>
        <translation>Разрешить можно только http и https</translation>
    </message>
    <message>
        <source>“%1” is not a reason code (letters and digits, e.g. Dinner)</source>
        <translation>«%1» — не код причины (буквы и цифры, например Dinner)</translation>
    </message>
    <message>
        <source>Write each reason label as “code = label”: %1</source>
        <translation>Записывайте названия причин как «код = название»: %1</translation>
    </message>
    <message>
        <source>Write each directory entry as “label; number; group”: %1</source>
        <translation>Записывайте строки справочника как «название; номер; группа»: %1</translation>
    </message>
    <message>
        <source>Not a hotkey name: %1 (use %2)</source>
        <translation>Нет такого сочетания: %1 (возможны: %2)</translation>
    </message>
    <message>
        <source>%1 is already used for “%2”</source>
        <translation>%1 уже назначено для «%2»</translation>
    </message>
    <message>
        <source>Enter the command that opens the CRM card</source>
        <translation>Укажите команду, которая открывает карточку CRM</translation>
    </message>
    <message>
        <source>Basic authentication needs a user name</source>
        <translation>Для аутентификации Basic нужно имя пользователя</translation>
    </message>
    <message>
        <source>Line %1 of the call results cannot be used: write “code = label”, the code without spaces, each code once</source>
        <translation>Строку %1 результатов обращения нельзя использовать: пишите «код = название», код без пробелов, каждый код один раз</translation>
    </message>
    <message>
        <source>Enter the server address, e.g. %1</source>
        <translation>Укажите адрес сервера, например %1</translation>
    </message>
    <message>
        <source>The server address must start with %1 and name a host</source>
        <translation>Адрес сервера должен начинаться с %1 и содержать имя узла</translation>
    </message>
    <message>
        <source>“%1” is not a project UUID (letters and digits)</source>
        <translation>«%1» — не UUID проекта (буквы и цифры)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>CRM screen-pop</source>
        <translation>Карточка CRM</translation>
    </message>
    <message>
        <source>Hotkeys</source>
        <translation>Горячие клавиши</translation>
    </message>
    <message>
        <source>States and reasons</source>
        <translation>Статусы и причины</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Переводы</translation>
    </message>
    <message>
        <source>Call data</source>
        <translation>Данные звонка</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Внешний вид</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Дополнительно</translation>
    </message>
    <message>
        <source>Settings — agent-toolbar</source>
        <translation>Настройки — agent-toolbar</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>Разделы настроек</translation>
    </message>
    <message>
        <source>Settings message</source>
        <translation>Сообщение настроек</translation>
    </message>
    <message>
        <source>No allowed hosts: only the host written in the CRM template is opened, and the call&apos;s own URL never is. List your CRM hosts here.</source>
        <translation>Нет разрешённых хостов: открывается только хост, записанный в шаблоне CRM, а собственный адрес звонка — никогда. Перечислите здесь хосты вашей CRM.</translation>
    </message>
    <message>
        <source>The system keyring is not available: this cannot be stored</source>
        <translation>Системное хранилище паролей недоступно: сохранить нельзя</translation>
    </message>
    <message>
        <source>No system keyring: kept only until you quit</source>
        <translation>Нет системного хранилища паролей: хранится только до выхода</translation>
    </message>
    <message>
        <source>Leave empty to keep the stored one</source>
        <translation>Оставьте пустым, чтобы сохранить прежний</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>без изменений</translation>
    </message>
    <message>
        <source>Set by your administrator</source>
        <translation>Задано администратором</translation>
    </message>
    <message>
        <source>Set on the command line for this run</source>
        <translation>Задано в командной строке для этого запуска</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Reconnecting with the new connection settings.</source>
        <translation>Переподключаемся с новыми параметрами соединения.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Постобработка</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Супервизор</translation>
    </message>
</context>
<context>
    <name>StateLabel</name>
    <message>
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
    <message>
        <source>Offline — calls forwarded</source>
        <translation>Не в сети — звонки переадресуются</translation>
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
        <source>Custom state 1</source>
        <translation>Свой статус 1</translation>
    </message>
    <message>
        <source>Custom state 2</source>
        <translation>Свой статус 2</translation>
    </message>
    <message>
        <source>Custom state 3</source>
        <translation>Свой статус 3</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Вызов</translation>
    </message>
    <message>
        <source>Talking</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Постобработка</translation>
    </message>
    <message>
        <source>Suspended by supervisor</source>
        <translation>Заблокирован супервизором</translation>
    </message>
    <message>
        <source>Accident</source>
        <translation>Сбой вызова</translation>
    </message>
    <message>
        <source>State unknown</source>
        <translation>Статус неизвестен</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Accident: %1 (%2)</source>
        <translation>Сбой вызова: %1 (%2)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>StateSelector</name>
    <message>
        <source>Change your state</source>
        <translation>Сменить статус</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>Статус: %1</translation>
    </message>
    <message>
        <source>Cancel the next state</source>
        <translation>Отменить следующий статус</translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>Скрыть сообщение</translation>
    </message>
    <message>
        <source>→ %1…</source>
        <translation>→ %1…</translation>
    </message>
    <message>
        <source>Next: %1</source>
        <translation>Далее: %1</translation>
    </message>
    <message>
        <source>%1 (press to cancel)</source>
        <translation>%1 (нажмите, чтобы отменить)</translation>
    </message>
    <message>
        <source>State not changed: %1</source>
        <translation>Статус не изменён: %1</translation>
    </message>
    <message>
        <source>After the current calls</source>
        <translation>После текущих звонков</translation>
    </message>
    <message>
        <source>Change now</source>
        <translation>Сменить сейчас</translation>
    </message>
</context>
<context>
    <name>StatusArea</name>
    <message>
        <source>Login: %1</source>
        <extracomment>How long a flashed message stays.</extracomment>
        <translation>Логин: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Connect to the server again without waiting</source>
        <translation>Подключиться к серверу сейчас, не дожидаясь</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Соединение</translation>
    </message>
</context>
<context>
    <name>TextFeatures</name>
    <message>
        <source>Music on hold</source>
        <extracomment>Refusals that hide a card control rather than grey it (not in this phase of the call).</extracomment>
        <translation>Музыка на удержании</translation>
    </message>
    <message>
        <source>Sound file or address for the music the customer hears on hold:</source>
        <translation>Звуковой файл или адрес музыки, которую клиент слышит на удержании:</translation>
    </message>
    <message>
        <source>Music on hold set: %1</source>
        <translation>Музыка на удержании: %1</translation>
    </message>
    <message>
        <source>Take into work</source>
        <translation>Принять в работу</translation>
    </message>
    <message>
        <source>Result…</source>
        <translation>Итог…</translation>
    </message>
    <message>
        <source>Call result and callback</source>
        <translation>Результат обращения и перезвон</translation>
    </message>
    <message>
        <source>More actions</source>
        <translation>Другие действия</translation>
    </message>
    <message>
        <source>Music on hold…</source>
        <translation>Музыка на удержании…</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Результат: %1</translation>
    </message>
    <message>
        <source>Callback at %1</source>
        <translation>Перезвон в %1</translation>
    </message>
</context>
<context>
    <name>Toolbar</name>
    <message>
        <source>This version cannot connect to the “%1” phone system yet. Choose Naumen in Settings → Server.</source>
        <translation>Эта версия пока не умеет подключаться к телефонной системе «%1». Выберите Naumen в разделе Настройки → Сервер.</translation>
    </message>
    <message>
        <source>Diagnostics saved: %1</source>
        <translation>Диагностика сохранена: %1</translation>
    </message>
</context>
<context>
    <name>Transfer</name>
    <message>
        <source>Blind transfer</source>
        <translation>Слепой перевод</translation>
    </message>
    <message>
        <source>Consultation transfer</source>
        <translation>Перевод с консультацией</translation>
    </message>
    <message>
        <source>Conference transfer</source>
        <translation>Перевод через конференцию</translation>
    </message>
    <message>
        <source>Transfer with callback</source>
        <translation>Перевод с возвратом</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевод</translation>
    </message>
    <message>
        <source>Transferring to %1…</source>
        <translation>Перевод на %1…</translation>
    </message>
    <message>
        <source>Transferring…</source>
        <translation>Перевод…</translation>
    </message>
    <message>
        <source>%1 answered</source>
        <translation>%1 ответил(а)</translation>
    </message>
    <message>
        <source>The target answered</source>
        <translation>Адресат ответил</translation>
    </message>
    <message>
        <source>Transfer failed: %1</source>
        <translation>Перевод не удался: %1</translation>
    </message>
    <message>
        <source>The transferred call came back</source>
        <translation>Переведённый звонок вернулся</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Переведён</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>The caller goes straight to the target; you leave the call.</source>
        <extracomment>The kinds in the order the dialog lists them (Alt+1 … Alt+4).</extracomment>
        <translation>Абонент сразу переводится на адресата; вы выходите из разговора.</translation>
    </message>
    <message>
        <source>The caller waits on hold while you talk to the target; hang up to hand over.</source>
        <translation>Абонент ждёт на удержании, пока вы говорите с адресатом; положите трубку, чтобы передать вызов.</translation>
    </message>
    <message>
        <source>The target joins you and the caller; press Complete to leave them talking.</source>
        <translation>Адресат подключается к вам и абоненту; нажмите «Завершить перевод», чтобы оставить их вдвоём.</translation>
    </message>
    <message>
        <source>The target takes the call, and it comes back to you after.</source>
        <translation>Адресат принимает вызов, а затем он возвращается к вам.</translation>
    </message>
    <message>
        <source>Type a number or an address, or pick one from the list</source>
        <translation>Введите номер или адрес либо выберите из списка</translation>
    </message>
    <message>
        <source>This does not look like a number or an address (e.g. 201, +74951234567, sip:201@pbx)</source>
        <translation>Это не похоже на номер или адрес (например, 201, +74951234567, sip:201@pbx)</translation>
    </message>
    <message>
        <source>Transfer call</source>
        <translation>Перевод вызова</translation>
    </message>
    <message>
        <source>Name, department, number or SIP address</source>
        <translation>Имя, отдел, номер или SIP-адрес</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>Кому перевести</translation>
    </message>
    <message>
        <source>Recent targets and directory</source>
        <translation>Недавние адресаты и справочник</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Как</translation>
    </message>
    <message>
        <source>Alt+%1</source>
        <translation>Alt+%1</translation>
    </message>
    <message>
        <source>The call is over</source>
        <translation>Вызов завершён</translation>
    </message>
    <message>
        <source>%1: all four kinds of transfer work; conference calls do not.</source>
        <translation>%1: доступны все четыре вида перевода, а конференции — нет.</translation>
    </message>
    <message>
        <source>No match in the directory</source>
        <translation>В справочнике ничего не найдено</translation>
    </message>
    <message>
        <source>No directory configured and no recent targets</source>
        <translation>Справочник не настроен, недавних адресатов нет</translation>
    </message>
    <message>
        <source>This call cannot be transferred now</source>
        <translation>Этот вызов сейчас нельзя перевести</translation>
    </message>
    <message>
        <source>This phone offers no transfers</source>
        <translation>Этот телефон не поддерживает перевод</translation>
    </message>
    <message>
        <source>Enter: %1 to %2</source>
        <translation>Enter: %1 на %2</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевод вызова</translation>
    </message>
    <message>
        <source>the caller</source>
        <translation>абонента</translation>
    </message>
    <message>
        <source>Transfer %1</source>
        <translation>Перевод вызова: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>TransferDirectory</name>
    <message>
        <source>Recent</source>
        <extracomment>Item role holding the address a row transfers to. Item role holding the row&apos;s :class:`Section`.</extracomment>
        <translation>Недавние</translation>
    </message>
</context>
<context>
    <name>TransferFailure</name>
    <message>
        <source>No number was given</source>
        <translation>Номер не указан</translation>
    </message>
    <message>
        <source>The number or address is not valid</source>
        <translation>Неверный номер или адрес</translation>
    </message>
    <message>
        <source>The target is on a different kind of connection</source>
        <translation>Адресат на соединении другого типа</translation>
    </message>
    <message>
        <source>The call to transfer no longer exists</source>
        <translation>Переводимого звонка уже нет</translation>
    </message>
    <message>
        <source>The target did not answer</source>
        <translation>Адресат не ответил</translation>
    </message>
    <message>
        <source>Network trouble during the transfer</source>
        <translation>Сбой сети во время перевода</translation>
    </message>
    <message>
        <source>The call came back with an unknown error</source>
        <translation>Звонок вернулся с неизвестной ошибкой</translation>
    </message>
    <message>
        <source>The target is busy</source>
        <translation>Адресат занят</translation>
    </message>
    <message>
        <source>The transfer was cancelled</source>
        <translation>Перевод отменён</translation>
    </message>
    <message>
        <source>The caller hung up during the transfer</source>
        <translation>Абонент положил трубку во время перевода</translation>
    </message>
    <message>
        <source>The target was not found</source>
        <translation>Адресат не найден</translation>
    </message>
    <message>
        <source>The target declined the call</source>
        <translation>Адресат отклонил вызов</translation>
    </message>
    <message>
        <source>The transfer failed</source>
        <translation>Перевод не удался</translation>
    </message>
</context>
<context>
    <name>TransferProgress</name>
    <message>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Вызов</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Переведён</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>Передан</translation>
    </message>
    <message>
        <source>Consulting</source>
        <translation>Консультация</translation>
    </message>
    <message>
        <source>Blind</source>
        <translation>Слепой перевод</translation>
    </message>
    <message>
        <source>Consultation</source>
        <translation>Консультация</translation>
    </message>
    <message>
        <source>Conference</source>
        <translation>Конференция</translation>
    </message>
    <message>
        <source>With return</source>
        <translation>С возвратом</translation>
    </message>
    <message>
        <source>Three-way</source>
        <translation>Втроём</translation>
    </message>
    <message>
        <source>With target</source>
        <translation>У адресата</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Вернулся</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Начат</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Соединено</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>Скрыть сообщение</translation>
    </message>
    <message>
        <source>Transfer failed: %1</source>
        <translation>Перевод не удался: %1</translation>
    </message>
    <message>
        <source>(code %1)</source>
        <translation>(код %1)</translation>
    </message>
    <message>
        <source>↩ The call is back with you</source>
        <translation>↩ Вызов вернулся к вам</translation>
    </message>
    <message>
        <source>The caller waits on hold. Hang up to hand them over.</source>
        <translation>Абонент ждёт. Положите трубку, чтобы передать его.</translation>
    </message>
    <message>
        <source>Complete leaves the two of them talking.</source>
        <translation>«Завершить перевод» оставит их вдвоём.</translation>
    </message>
    <message>
        <source>The target has the call; it comes back to you after.</source>
        <translation>Вызов у адресата и потом вернётся к вам.</translation>
    </message>
    <message>
        <source>The caller is with %1</source>
        <translation>Абонент переведён: %1</translation>
    </message>
    <message>
        <source>the target</source>
        <translation>адресат</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Unknown caller</source>
        <translation>Неизвестный абонент</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>Missed call</source>
        <translation>Пропущенный звонок</translation>
    </message>
    <message>
        <source>Message on the call</source>
        <translation>Сообщение по звонку</translation>
    </message>
    <message>
        <source>Message for operators</source>
        <translation>Сообщение для операторов</translation>
    </message>
    <message>
        <source>Notice from the phone system</source>
        <translation>Сообщение телефонной системы</translation>
    </message>
    <message>
        <source>agent-toolbar — %1</source>
        <translation>agent-toolbar — %1</translation>
    </message>
    <message>
        <source>Missed calls: %1</source>
        <translation>Пропущенных звонков: %1</translation>
    </message>
    <message>
        <source>Hide toolbar</source>
        <translation>Скрыть панель</translation>
    </message>
    <message>
        <source>Show toolbar</source>
        <translation>Показать панель</translation>
    </message>
    <message>
        <source>Call history…</source>
        <translation>История звонков…</translation>
    </message>
    <message>
        <source>Call history (%1 missed)…</source>
        <translation>История звонков (пропущено: %1)…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <source>About agent-toolbar</source>
        <translation>О программе agent-toolbar</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
</context>
<context>
    <name>Why</name>
    <message>
        <source>Not connected to the phone server</source>
        <translation>Нет подключения к серверу телефонии</translation>
    </message>
    <message>
        <source>The phone is offline</source>
        <translation>Телефон не в сети</translation>
    </message>
    <message>
        <source>This phone system cannot do that</source>
        <translation>Эта телефонная система так не умеет</translation>
    </message>
    <message>
        <source>The call is not ringing</source>
        <translation>Звонок не поступает</translation>
    </message>
    <message>
        <source>You placed this call; it is still dialling</source>
        <translation>Это ваш исходящий звонок; идёт набор</translation>
    </message>
    <message>
        <source>The call is not connected yet</source>
        <translation>Звонок ещё не соединён</translation>
    </message>
    <message>
        <source>The call is already on hold</source>
        <translation>Звонок уже на удержании</translation>
    </message>
    <message>
        <source>The call is not on hold</source>
        <translation>Звонок не на удержании</translation>
    </message>
    <message>
        <source>The microphone is already muted</source>
        <translation>Микрофон уже выключен</translation>
    </message>
    <message>
        <source>The microphone is not muted</source>
        <translation>Микрофон не выключен</translation>
    </message>
    <message>
        <source>The call has ended (wrap-up)</source>
        <translation>Звонок завершён (постобработка)</translation>
    </message>
    <message>
        <source>Wrap-up starts when the call ends</source>
        <translation>Постобработка начнётся после завершения звонка</translation>
    </message>
    <message>
        <source>This call is already the active one</source>
        <translation>Этот звонок уже активный</translation>
    </message>
    <message>
        <source>Waiting for the server to answer</source>
        <translation>Ждём ответа сервера</translation>
    </message>
    <message>
        <source>A transfer is in progress</source>
        <translation>Идёт перевод</translation>
    </message>
    <message>
        <source>No transfer is in progress</source>
        <translation>Перевод не выполняется</translation>
    </message>
    <message>
        <source>This is not a conference transfer</source>
        <translation>Это не перевод через конференцию</translation>
    </message>
    <message>
        <source>Recording is already paused</source>
        <translation>Запись уже приостановлена</translation>
    </message>
    <message>
        <source>Recording is not paused</source>
        <translation>Запись не приостановлена</translation>
    </message>
    <message>
        <source>There is no conference</source>
        <translation>Конференции нет</translation>
    </message>
    <message>
        <source>The call is already in the conference</source>
        <translation>Звонок уже в конференции</translation>
    </message>
    <message>
        <source>This phone system only reports calls; it takes no commands</source>
        <translation>Эта телефонная система только сообщает о звонках и не принимает команд</translation>
    </message>
    <message>
        <source>Shown as the phone system reports it; it cannot be changed from here</source>
        <translation>Показано так, как сообщает телефонная система; изменить отсюда нельзя</translation>
    </message>
    <message>
        <source>Not set up in Settings</source>
        <translation>Не настроено в параметрах</translation>
    </message>
    <message>
        <source>Not available on the %1</source>
        <translation>Недоступно в %1</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>Сейчас недоступно</translation>
    </message>
    <message>
        <source>A text session has no voice</source>
        <extracomment>Wording of the refusals these features add (merged into the card&apos;s tooltips).</extracomment>
        <translation>В текстовой сессии нет голоса</translation>
    </message>
    <message>
        <source>Choose the call result first (Result… on the card)</source>
        <translation>Сначала выберите результат обращения (кнопка «Итог…» на карточке)</translation>
    </message>
    <message>
        <source>No message waits to be taken into work</source>
        <translation>Нет сообщений, ожидающих принятия в работу</translation>
    </message>
    <message>
        <source>The session was closed or transferred</source>
        <translation>Сессия закрыта или передана</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <source>Test this template…</source>
        <translation>Проверить шаблон…</translation>
    </message>
</context>
</TS>
