import type { WidgetBuild } from '../api/web/widget-bundle.js';

export const WIDGETS_OUT: string;
export function widgetFolders(): string[];
export function buildWidgets(options?: { quiet?: boolean }): Promise<WidgetBuild>;
