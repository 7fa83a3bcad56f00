import { index, route, type RouteConfig } from '@react-router/dev/routes';

export default [index('routes/home.tsx'), route('api/id', 'routes/api.id.ts'), route('api/echo', 'routes/api.echo.ts')] satisfies RouteConfig;
