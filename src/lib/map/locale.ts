import * as m from '$lib/paraglide/messages';

/** MapLibre's own control labels, translated; read when the map is created. */
export function mapLocale(): Record<string, string> {
	return {
		'Map.Title': m.map_title(),
		'Marker.Title': m.map_marker(),
		'NavigationControl.ZoomIn': m.map_zoom_in(),
		'NavigationControl.ZoomOut': m.map_zoom_out(),
		'NavigationControl.ResetBearing': m.map_reset_bearing(),
		'AttributionControl.ToggleAttribution': m.map_attribution_toggle(),
		'Popup.Close': m.map_popup_close(),
		'CooperativeGesturesHandler.WindowsHelpText': m.map_gestures_windows(),
		'CooperativeGesturesHandler.MacHelpText': m.map_gestures_mac(),
		'CooperativeGesturesHandler.MobileHelpText': m.map_gestures_mobile()
	};
}
