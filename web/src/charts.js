// SPDX-License-Identifier: MIT
// ECharts with only the parts the pages use (echarts/core keeps the
// bundle small: no map, 3D, or the charts nobody draws).
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart, SankeyChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, MarkAreaComponent, MarkLineComponent,
  TitleComponent, AriaComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, ScatterChart, SankeyChart, GridComponent, TooltipComponent,
  LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, AriaComponent,
  SVGRenderer]);

const live = new Set();

// Draw option into el (an element already in the page); resized with the window.
export function chart(el, option) {
  const c = echarts.init(el, null, { renderer: 'svg' });
  c.setOption({ aria: { enabled: true }, animation: false, textStyle: { color: '#1a1a1a' }, ...option });
  live.add(c);
  return c;
}

// Before a page is replaced: free the charts of the old one.
export function disposeCharts() {
  for (const c of live) c.dispose();
  live.clear();
}

window.addEventListener('resize', () => { for (const c of live) c.resize(); });

// Colour-blind-safe palette (Okabe-Ito), each >= 3:1 on white for marks.
export const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
