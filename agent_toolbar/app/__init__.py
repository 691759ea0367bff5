"""The composition root: QApplication, the qasync runner, wiring, CLI, single instance, i18n."""
