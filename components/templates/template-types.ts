import type { TemplateView } from '@/lib/templates/template-store';
import type { Wire } from '@/components/ui/wire';

export type Template = Wire<TemplateView>;
