import { useMemo, useState } from 'react';
import { App, Button, Drawer, Flex, Grid, Layout, Menu, Segmented, Space, Tag, Typography } from 'antd';
import { LoginOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLogout, useSession } from '../account/api';
import { errorMessage } from '../api/client';
import { setLanguage, type Language } from '../i18n';
import { isAdmin, isApplicant, isDesk, isOfficer, mustEnrollTotp, SECURITY_PAGE } from '../lib/roles';

const { Header, Content, Footer } = Layout;

interface NavItem {
  key: string;
  label: string;
}

/** Picks the nav key matching the current path (longest prefix). */
function activeKey(pathname: string, items: NavItem[]): string[] {
  const aliases: Record<string, string> = { '/thu-tuc': '/' };
  let best = '';
  for (const { key } of items) {
    if (key === '/' ? pathname === '/' : pathname === key || pathname.startsWith(`${key}/`)) {
      if (key.length > best.length) best = key;
    }
  }
  if (!best) {
    for (const [prefix, key] of Object.entries(aliases)) if (pathname.startsWith(prefix)) best = key;
  }
  return best ? [best] : [];
}

/** Page frame: header with logo, navigation, language switch and login / logout. */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const location = useLocation();
  const navigate = useNavigate();
  const session = useSession();
  const logout = useLogout();
  const [drawer, setDrawer] = useState(false);
  const user = session.data?.user ?? null;

  const items = useMemo<NavItem[]>(() => {
    const list: NavItem[] = [
      { key: '/', label: t('nav.services') },
      { key: '/tra-cuu', label: t('nav.lookup') },
      { key: '/xac-thuc', label: t('nav.verify') },
    ];
    if (isApplicant(user)) {
      list.push({ key: '/ho-so-cua-toi', label: t('nav.myDossiers') });
      list.push({ key: '/kho-giay-to', label: t('nav.documentStore') });
    }
    if (isOfficer(user)) list.push({ key: '/xu-ly', label: t('nav.inbox') });
    if (isDesk(user)) {
      list.push({ key: '/xu-ly/tiep-nhan', label: t('nav.reception') });
      list.push({ key: '/xu-ly/so-theo-doi', label: t('nav.trackingBook') });
      list.push({ key: '/xu-ly/xac-thuc-dinh-danh', label: t('nav.identity') });
    }
    if (isAdmin(user)) list.push({ key: '/quan-tri', label: t('nav.admin') });
    return list;
  }, [t, user]);

  const menuItems = items.map((i) => ({ key: i.key, label: <Link to={i.key}>{i.label}</Link> }));
  const selected = activeKey(location.pathname, items);

  async function onLogout() {
    try {
      await logout.mutateAsync();
    } catch (err) {
      message.error(errorMessage(err));
    }
    setDrawer(false);
    navigate('/');
  }

  const loginTarget = `/dang-nhap?next=${encodeURIComponent(location.pathname + location.search)}`;
  const onAuthPage = location.pathname === '/dang-nhap' || location.pathname === '/dang-ky';

  const languageSwitch = (
    <Segmented<Language>
      size="small"
      aria-label={t('nav.language')}
      data-testid="language-switch"
      value={(i18n.language as Language) === 'en' ? 'en' : 'vi'}
      onChange={(v) => setLanguage(v)}
      options={[
        { label: 'VI', value: 'vi', title: t('language.vi') },
        { label: 'EN', value: 'en', title: t('language.en') },
      ]}
    />
  );

  const account = user ? (
    <Space size={8} wrap>
      <Link to={SECURITY_PAGE} title={t('nav.account')} data-testid="account-link" onClick={() => setDrawer(false)}>
        <Typography.Text data-testid="current-user" ellipsis style={{ maxWidth: mobile ? 240 : 200 }}>
          <UserOutlined /> {user.fullName}
        </Typography.Text>
      </Link>
      {user.kind === 'citizen' && !user.idVerifiedAt && (
        <Link to="/tai-khoan" onClick={() => setDrawer(false)}>
          <Tag color="warning" data-testid="identity-unverified" style={{ marginInlineEnd: 0 }}>
            {t('identity.notVerifiedShort')}
          </Tag>
        </Link>
      )}
      <Button size="small" icon={<LogoutOutlined />} onClick={() => void onLogout()} loading={logout.isPending}>
        {t('nav.logout')}
      </Button>
    </Space>
  ) : session.isLoading ? null : (
    <Space size={8}>
      <Button
        size="small"
        type="primary"
        icon={<LoginOutlined />}
        onClick={() => {
          setDrawer(false);
          navigate(onAuthPage ? '/dang-nhap' : loginTarget);
        }}
      >
        {t('nav.login')}
      </Button>
      <Button
        size="small"
        onClick={() => {
          setDrawer(false);
          navigate('/dang-ky');
        }}
      >
        {t('nav.register')}
      </Button>
    </Space>
  );

  // An admin without a second factor can do nothing else yet (the server refuses): lead them to enrollment.
  if (mustEnrollTotp(user) && location.pathname !== SECURITY_PAGE) return <Navigate replace to={SECURITY_PAGE} />;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header className="mc-header">
        <Flex align="center" gap={16} style={{ height: '100%' }}>
          <Link to="/" className="mc-logo" aria-label="MotCua">
            <span className="mc-logo-mark">MC</span>
            <span className="mc-logo-text">{t('app.name')}</span>
          </Link>
          {mobile ? (
            <>
              <div style={{ flex: 1 }} />
              {languageSwitch}
              <Button aria-label={t('nav.menu')} icon={<MenuOutlined />} onClick={() => setDrawer(true)} data-testid="menu-button" />
            </>
          ) : (
            <>
              <Menu
                mode="horizontal"
                selectedKeys={selected}
                items={menuItems}
                style={{ flex: 1, minWidth: 0, borderBottom: 'none', background: 'transparent' }}
              />
              {languageSwitch}
              {account}
            </>
          )}
        </Flex>
      </Header>
      <Drawer open={mobile && drawer} onClose={() => setDrawer(false)} placement="right" size={300} title={t('app.name')}>
        <Menu mode="vertical" selectedKeys={selected} items={menuItems} onClick={() => setDrawer(false)} style={{ borderInlineEnd: 'none' }} />
        <div style={{ padding: '16px 4px' }}>{account}</div>
      </Drawer>
      <Content className="mc-content">
        <Outlet />
      </Content>
      <Footer style={{ textAlign: 'center', color: '#888' }}>{t('app.footer')}</Footer>
    </Layout>
  );
}
